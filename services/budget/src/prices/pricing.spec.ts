import { aPrice } from '../testing/builders';
import { canonicalModel, canonicalProvider } from './price';
import { ceilDiv, costOf, formatUsd, microsToNumber, worstCaseMicros } from './pricing';

describe('pricing', () => {
  describe('costOf', () => {
    it('bills input and output tokens at their per-million rates, in integer micro-USD', () => {
      const price = aPrice({ inputPerMtok: 2_500_000n, outputPerMtok: 10_000_000n }); // $2.50 / $10 per million
      expect(costOf(price, { inputTokens: 1_000_000, outputTokens: 1_000_000 }).micros).toBe(12_500_000n);
      expect(costOf(price, { inputTokens: 1000, outputTokens: 500 }).micros).toBe(2500n + 5000n);
    });

    it('rounds up once per request, never down: one token of a $0.15/M model costs 1 micro-USD', () => {
      const price = aPrice({ inputPerMtok: 150_000n, outputPerMtok: 600_000n });
      expect(costOf(price, { inputTokens: 1, outputTokens: 0 }).micros).toBe(1n);
      // 7 × 0.15 + 3 × 0.6 = 2.85 micro-USD → 3, not 1 + 2 = 3 rounded per side, and never 2
      expect(costOf(price, { inputTokens: 7, outputTokens: 3 }).micros).toBe(3n);
      expect(costOf(price, { inputTokens: 0, outputTokens: 0 }).micros).toBe(0n);
    });

    it('bills cached and cache-written prompt tokens at their own rates, as parts of the prompt', () => {
      const price = aPrice({ inputPerMtok: 3_000_000n, outputPerMtok: 15_000_000n, cachedInputPerMtok: 300_000n, cacheWritePerMtok: 3_750_000n });
      const c = costOf(price, { inputTokens: 10_000, cachedInputTokens: 6_000, cacheWriteTokens: 3_000, outputTokens: 100 });
      // 1000 fresh × 3 + 6000 × 0.3 + 3000 × 3.75 + 100 × 15 = 3000 + 1800 + 11250 + 1500
      expect(c.micros).toBe(17_550n);
    });

    it('falls back to the input rate for cached tokens when the model has no cache price', () => {
      const price = aPrice({ inputPerMtok: 1_000_000n, outputPerMtok: 0n });
      expect(costOf(price, { inputTokens: 100, cachedInputTokens: 100, outputTokens: 0 }).micros).toBe(100n);
    });

    it('bills reasoning tokens at the reasoning rate when the model prices them apart, else as output', () => {
      expect(costOf(aPrice({ outputPerMtok: 1_000_000n }), { inputTokens: 0, outputTokens: 1000, reasoningTokens: 800 }).micros).toBe(1000n);
      const apart = aPrice({ outputPerMtok: 1_000_000n, reasoningPerMtok: 3_000_000n });
      expect(costOf(apart, { inputTokens: 0, outputTokens: 1000, reasoningTokens: 800 }).micros).toBe(200n + 2400n);
    });

    it('bills the whole request at the long-context rates once the prompt is past the threshold', () => {
      const price = aPrice({
        inputPerMtok: 1_250_000n,
        outputPerMtok: 10_000_000n,
        longContextThreshold: 200_000,
        longInputPerMtok: 2_500_000n,
        longOutputPerMtok: 15_000_000n,
      });
      const short = costOf(price, { inputTokens: 200_000, outputTokens: 1000 });
      expect(short).toEqual({ micros: 250_000n + 10_000n, longContext: false });
      const long = costOf(price, { inputTokens: 200_001, outputTokens: 1000 });
      expect(long).toEqual({ micros: ceilDiv(200_001n * 2_500_000n, 1_000_000n) + 15_000n, longContext: true });
    });

    it('adds per-image prices on top of tokens', () => {
      const price = aPrice({ outputImageMicros: 40_000n });
      expect(costOf(price, { inputTokens: 0, outputTokens: 0, outputImages: 3 }).micros).toBe(120_000n);
    });

    it('clamps inconsistent parts instead of going negative', () => {
      const price = aPrice({ cachedInputPerMtok: 0n });
      expect(costOf(price, { inputTokens: 10, cachedInputTokens: 50, outputTokens: 5, reasoningTokens: 50 }).micros).toBe(10n); // 10 cached at 0, 5 reasoning at $2/M
    });

    it('stays exact where floating point would not: a billion tokens at a price with odd micro-units', () => {
      const price = aPrice({ inputPerMtok: 3_333_333n, outputPerMtok: 0n });
      expect(costOf(price, { inputTokens: 1_000_000_000, outputTokens: 0 }).micros).toBe(3_333_333_000n);
      expect(costOf(price, { inputTokens: 3, outputTokens: 0 }).micros).toBe(10n); // 9.999999 → 10
    });
  });

  describe('worstCaseMicros', () => {
    it('prices every allowed output token at the dearest output rate', () => {
      const price = aPrice({ inputPerMtok: 1_000_000n, outputPerMtok: 2_000_000n, reasoningPerMtok: 5_000_000n });
      expect(worstCaseMicros(price, 1000, 1000)).toBe(1000n + 5000n);
    });

    it('prices the prompt at the cache-write rate when writing to the cache costs more', () => {
      const price = aPrice({ inputPerMtok: 3_000_000n, outputPerMtok: 15_000_000n, cacheWritePerMtok: 3_750_000n });
      expect(worstCaseMicros(price, 1000, 0)).toBe(3750n);
    });

    it('pads the prompt estimate by the margin and picks the long tier when the padded prompt may pass the threshold', () => {
      const price = aPrice({ inputPerMtok: 1_000_000n, outputPerMtok: 1_000_000n, longContextThreshold: 1000, longInputPerMtok: 2_000_000n });
      expect(worstCaseMicros(price, 950, 0, 0)).toBe(950n);
      expect(worstCaseMicros(price, 950, 0, 10)).toBe(2090n); // 1045 tokens on the long tier
    });

    it('is never below the cost of any usage within the reservation', () => {
      const price = aPrice({ inputPerMtok: 1_100_000n, outputPerMtok: 4_400_000n, cachedInputPerMtok: 275_000n, reasoningPerMtok: null });
      const worst = worstCaseMicros(price, 5000, 2000);
      for (const usage of [
        { inputTokens: 5000, outputTokens: 2000 },
        { inputTokens: 5000, cachedInputTokens: 4000, outputTokens: 2000, reasoningTokens: 1900 },
        { inputTokens: 1, outputTokens: 1 },
      ]) {
        expect(costOf(price, usage).micros).toBeLessThanOrEqual(worst);
      }
    });
  });

  describe('names', () => {
    it('matches models with or without the provider prefix, case-insensitively', () => {
      expect(canonicalModel('openai', 'openai/GPT-4o')).toBe('gpt-4o');
      expect(canonicalModel('azure', 'azure-openai/gpt-4o')).toBe('gpt-4o');
      expect(canonicalModel('bedrock', 'anthropic.claude-x')).toBe('anthropic.claude-x');
      expect(canonicalModel('gemini', 'google/Gemini-2.5-Pro')).toBe('gemini-2.5-pro');
      expect(canonicalModel('groq', 'openai/gpt-oss-120b')).toBe('openai/gpt-oss-120b');
    });

    it('knows the common aliases of provider names', () => {
      expect(canonicalProvider('Google')).toBe('gemini');
      expect(canonicalProvider('azure')).toBe('azure-openai');
      expect(canonicalProvider('together_ai')).toBe('together');
      expect(canonicalProvider('groq')).toBe('groq');
    });
  });

  describe('money formatting', () => {
    it('prints micro-USD as dollars with six decimals', () => {
      expect(formatUsd(1_000_000n)).toBe('$1.000000');
      expect(formatUsd(1n)).toBe('$0.000001');
      expect(formatUsd(-2_500_000n)).toBe('-$2.500000');
    });

    it('refuses to turn an amount beyond 2^53 into a JSON number', () => {
      expect(microsToNumber(123n)).toBe(123);
      expect(() => microsToNumber(2n ** 60n)).toThrow(RangeError);
    });
  });
});
