import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Clock } from '../../clock/clock';
import { canonicalModel, canonicalProvider } from '../price';
import { PriceRepository } from '../price.repository';
import { toPriceView, type PriceView } from '../price-view';

export const listPricesSchema = z.object({
  orgId: z.string().min(1).max(128).optional().describe("Include this org's own prices; without it only the public catalogue"),
  provider: z.string().min(1).max(64).optional(),
  model: z.string().min(1).max(256).optional(),
  history: z.stringbool().default(false).describe('Every version, not only the one in effect'),
  at: z.iso.datetime({ offset: true }).optional().describe('The versions in effect at this instant (default: now)'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListPricesQuery = z.output<typeof listPricesSchema>;

/** The price catalogue as one org sees it: the public prices plus its own. */
@Injectable()
export class ListPricesUseCase {
  constructor(
    private readonly prices: PriceRepository,
    private readonly clock: Clock,
  ) {}

  async execute(q: ListPricesQuery): Promise<PriceView[]> {
    const rows = await this.prices.list({
      orgId: q.orgId,
      provider: q.provider ? canonicalProvider(q.provider) : undefined,
      model: q.model ? canonicalModel(q.provider ?? '', q.model) : undefined,
      at: q.history ? undefined : q.at ? new Date(q.at) : this.clock.now(),
      limit: q.limit,
      offset: q.offset,
    });
    return rows.map(toPriceView);
  }
}
