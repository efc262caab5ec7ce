import { usdToMicros } from '../money';
import { canonicalModel, canonicalProvider } from '../price';
import { PUBLIC_PRICES } from './public-prices-2026-11';

const PROVIDERS = ['openai', 'azure-openai', 'anthropic', 'bedrock', 'gemini', 'vertex', 'mistral', 'cohere', 'groq', 'together', 'mock'];

describe('the seeded public price catalogue', () => {
  it('covers every provider the gateway speaks to', () => {
    expect(new Set(PUBLIC_PRICES.map((p) => p.provider))).toEqual(new Set(PROVIDERS));
  });

  it('has exact micro-USD figures, a source and a date on every row', () => {
    for (const p of PUBLIC_PRICES) {
      for (const usd of [p.input, p.output, p.cachedInput, p.cacheWrite, p.reasoning, p.audioInput, p.long?.input, p.long?.output]) {
        if (usd !== undefined) expect(() => usdToMicros(usd)).not.toThrow();
      }
      expect(p.source.length).toBeGreaterThan(10);
      expect(p.sourceDate).toMatch(/^2026-\d\d-\d\d$/);
      expect(Number.isNaN(Date.parse(p.effectiveFrom))).toBe(false);
    }
  });

  it('lists the versions of one model oldest first, each taking effect later than the one before', () => {
    const last = new Map<string, number>();
    for (const p of PUBLIC_PRICES) {
      const key = `${canonicalProvider(p.provider)}/${canonicalModel(p.provider, p.model)}`;
      const at = Date.parse(p.effectiveFrom);
      if (last.has(key)) expect(at).toBeGreaterThan(last.get(key)!);
      last.set(key, at);
    }
  });

  it('prices cached reads below fresh input, as every provider does', () => {
    for (const p of PUBLIC_PRICES.filter((x) => x.cachedInput)) expect(usdToMicros(p.cachedInput!)).toBeLessThan(usdToMicros(p.input));
  });
});
