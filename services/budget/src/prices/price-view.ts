import { z } from 'zod';
import type { Price } from './price';

const micros = z.number().int();
const optMicros = micros.nullable();

export const priceViewSchema = z.object({
  id: z.uuid(),
  orgId: z.string().nullable().describe('null: the public catalogue'),
  provider: z.string(),
  model: z.string(),
  deployment: z.string().nullable().describe('null: every deployment of the model'),
  version: z.number().int(),
  effectiveFrom: z.iso.datetime(),
  inputPerMtok: micros.describe('micro-USD per million input tokens ($2.50/M = 2500000)'),
  outputPerMtok: micros,
  cachedInputPerMtok: optMicros,
  cacheWritePerMtok: optMicros,
  reasoningPerMtok: optMicros,
  audioInputPerMtok: optMicros,
  audioOutputPerMtok: optMicros,
  inputImageMicros: optMicros.describe('micro-USD per input image, when billed per image'),
  outputImageMicros: optMicros.describe('micro-USD per generated image'),
  longContext: z
    .object({ thresholdTokens: z.number().int(), inputPerMtok: micros, outputPerMtok: optMicros, cachedInputPerMtok: optMicros, cacheWritePerMtok: optMicros })
    .nullable()
    .describe('Rates for the whole request when the prompt is longer than thresholdTokens'),
  maxOutputTokens: z.number().int().nullable(),
  contextWindow: z.number().int().nullable(),
  source: z.string(),
  sourceDate: z.iso.date().nullable(),
  note: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type PriceView = z.infer<typeof priceViewSchema>;

const n = (v: bigint | null): number | null => (v === null ? null : Number(v));

export function toPriceView(p: Price): PriceView {
  return {
    id: p.id,
    orgId: p.orgId,
    provider: p.provider,
    model: p.model,
    deployment: p.deployment === '' ? null : p.deployment,
    version: p.version,
    effectiveFrom: p.effectiveFrom.toISOString(),
    inputPerMtok: Number(p.inputPerMtok),
    outputPerMtok: Number(p.outputPerMtok),
    cachedInputPerMtok: n(p.cachedInputPerMtok),
    cacheWritePerMtok: n(p.cacheWritePerMtok),
    reasoningPerMtok: n(p.reasoningPerMtok),
    audioInputPerMtok: n(p.audioInputPerMtok),
    audioOutputPerMtok: n(p.audioOutputPerMtok),
    inputImageMicros: n(p.inputImageMicros),
    outputImageMicros: n(p.outputImageMicros),
    longContext:
      p.longContextThreshold === null || p.longInputPerMtok === null
        ? null
        : {
            thresholdTokens: p.longContextThreshold,
            inputPerMtok: Number(p.longInputPerMtok),
            outputPerMtok: n(p.longOutputPerMtok),
            cachedInputPerMtok: n(p.longCachedInputPerMtok),
            cacheWritePerMtok: n(p.longCacheWritePerMtok),
          },
    maxOutputTokens: p.maxOutputTokens,
    contextWindow: p.contextWindow,
    source: p.source,
    sourceDate: p.sourceDate,
    note: p.note,
    createdAt: p.createdAt.toISOString(),
  };
}
