import { usdToMicros } from './money';

describe('usdToMicros', () => {
  it('turns decimal dollars into integer micro-USD without floating point', () => {
    expect(usdToMicros('2.50')).toBe(2_500_000n);
    expect(usdToMicros('0.075')).toBe(75_000n);
    expect(usdToMicros('0.0375')).toBe(37_500n);
    expect(usdToMicros('180')).toBe(180_000_000n);
    expect(usdToMicros('0.000001')).toBe(1n);
  });

  it('refuses amounts finer than a micro-dollar or not written as plain decimals', () => {
    for (const bad of ['0.0000001', '1e-6', '-1', '$2', '2,50', '']) expect(() => usdToMicros(bad)).toThrow(RangeError);
  });
});
