import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const policy = { baseMs: 100, maxMs: 1000 };
  const noJitter = () => 0.5;

  it('doubles the delay with every failed delivery', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy, noJitter))).toEqual([100, 200, 400, 800]);
  });

  it('never waits longer than the cap', () => {
    expect(backoffDelay(5, policy, noJitter)).toBe(1000);
    expect(backoffDelay(500, policy, () => 1)).toBe(1000);
  });

  it('spreads retries by at most 20 % either way', () => {
    expect(backoffDelay(2, policy, () => 0)).toBe(160);
    expect(backoffDelay(2, policy, () => 0.999999)).toBe(240);
  });
});
