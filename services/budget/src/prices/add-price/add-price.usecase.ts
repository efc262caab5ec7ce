import { Injectable } from '@nestjs/common';
import { ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { z } from 'zod';
import { Clock } from '../../clock/clock';
import { canonicalModel, canonicalProvider } from '../price';
import { PriceCatalog } from '../price-catalog';
import { PriceRepository } from '../price.repository';
import { toPriceView, type PriceView } from '../price-view';

const perMtok = z.number().int().min(0).max(1_000_000_000_000).describe('Integer micro-USD per million tokens ($2.50/M = 2500000)');
const perUnit = z.number().int().min(0).max(1_000_000_000_000).describe('Integer micro-USD per unit');

export const addPriceSchema = z.object({
  orgId: z.string().min(1).max(128).optional().describe("An org's own price (negotiated, or for its deployment); omitted: the public catalogue"),
  provider: z.string().min(1).max(64).describe('As the gateway names it: openai, azure-openai, anthropic, bedrock, gemini, vertex, mistral, cohere, groq, together…'),
  model: z.string().min(1).max(256).describe('Upstream model id; a provider/ prefix is dropped'),
  deployment: z.string().min(1).max(256).optional().describe("A gateway deployment this price overrides the model's price for"),
  effectiveFrom: z.iso.datetime({ offset: true }).optional().describe('When the version takes effect (default: now); requests are priced by the version in effect when they are authorised'),
  inputPerMtok: perMtok,
  outputPerMtok: perMtok,
  cachedInputPerMtok: perMtok.optional(),
  cacheWritePerMtok: perMtok.optional(),
  reasoningPerMtok: perMtok.optional(),
  audioInputPerMtok: perMtok.optional(),
  audioOutputPerMtok: perMtok.optional(),
  inputImageMicros: perUnit.optional(),
  outputImageMicros: perUnit.optional(),
  longContext: z
    .object({
      thresholdTokens: z.number().int().min(1),
      inputPerMtok: perMtok,
      outputPerMtok: perMtok.optional(),
      cachedInputPerMtok: perMtok.optional(),
      cacheWritePerMtok: perMtok.optional(),
    })
    .optional()
    .describe('Rates for the whole request when the prompt is longer than thresholdTokens'),
  maxOutputTokens: z.number().int().min(1).optional().describe('Reserved when a request sets no output cap'),
  contextWindow: z.number().int().min(1).optional(),
  source: z.string().min(1).max(1000).describe('Where the figures come from (URL, contract…)'),
  sourceDate: z.iso.date().optional().describe('When the source was read'),
  note: z.string().max(2000).optional(),
});
export type AddPriceCommand = z.input<typeof addPriceSchema>;

const big = (v: number | undefined): bigint | null => (v === undefined ? null : BigInt(v));

/** Adds a price version; earlier versions stay, so every ledger entry keeps the price it was charged at. */
@Injectable()
export class AddPriceUseCase {
  constructor(
    private readonly prices: PriceRepository,
    private readonly catalog: PriceCatalog,
    private readonly clock: Clock,
  ) {}

  async execute(command: AddPriceCommand): Promise<PriceView> {
    const parsed = addPriceSchema.safeParse(command);
    if (!parsed.success) throw new ValidationError('The price is invalid', zodIssuesToDetails(parsed.error, 'body'));
    const p = parsed.data;
    const price = await this.prices.addVersion({
      orgId: p.orgId ?? null,
      provider: canonicalProvider(p.provider),
      model: canonicalModel(p.provider, p.model),
      deployment: p.deployment?.trim().toLowerCase() ?? '',
      effectiveFrom: p.effectiveFrom ? new Date(p.effectiveFrom) : this.clock.now(),
      inputPerMtok: BigInt(p.inputPerMtok),
      outputPerMtok: BigInt(p.outputPerMtok),
      cachedInputPerMtok: big(p.cachedInputPerMtok),
      cacheWritePerMtok: big(p.cacheWritePerMtok),
      reasoningPerMtok: big(p.reasoningPerMtok),
      audioInputPerMtok: big(p.audioInputPerMtok),
      audioOutputPerMtok: big(p.audioOutputPerMtok),
      inputImageMicros: big(p.inputImageMicros),
      outputImageMicros: big(p.outputImageMicros),
      longContextThreshold: p.longContext?.thresholdTokens ?? null,
      longInputPerMtok: big(p.longContext?.inputPerMtok),
      longOutputPerMtok: big(p.longContext?.outputPerMtok),
      longCachedInputPerMtok: big(p.longContext?.cachedInputPerMtok),
      longCacheWritePerMtok: big(p.longContext?.cacheWritePerMtok),
      maxOutputTokens: p.maxOutputTokens ?? null,
      contextWindow: p.contextWindow ?? null,
      source: p.source,
      sourceDate: p.sourceDate ?? null,
      note: p.note ?? null,
    });
    this.catalog.invalidate();
    return toPriceView(price);
  }
}
