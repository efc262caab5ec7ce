import { randomUUID } from 'node:crypto';
import type { Price } from '../prices/price';

/** A price version with plain defaults ($1 / $2 per million tokens); override what a test is about. */
export function aPrice(overrides: Partial<Price> = {}): Price {
  return {
    id: randomUUID(),
    orgId: null,
    provider: 'openai',
    model: 'test-model',
    deployment: '',
    version: 1,
    effectiveFrom: new Date('2026-01-01T00:00:00Z'),
    inputPerMtok: 1_000_000n,
    outputPerMtok: 2_000_000n,
    cachedInputPerMtok: null,
    cacheWritePerMtok: null,
    reasoningPerMtok: null,
    audioInputPerMtok: null,
    audioOutputPerMtok: null,
    inputImageMicros: null,
    outputImageMicros: null,
    longContextThreshold: null,
    longInputPerMtok: null,
    longOutputPerMtok: null,
    longCachedInputPerMtok: null,
    longCacheWritePerMtok: null,
    maxOutputTokens: 4096,
    contextWindow: 128_000,
    source: 'test',
    sourceDate: null,
    note: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}
