import { Injectable } from '@nestjs/common';
import { budgetSettleRpc, type RpcResponse } from '@ironcage/contracts';
import { ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { z } from 'zod';
import { BudgetError, BudgetErrorCode } from '../../budget.exception';
import { Clock } from '../../clock/clock';
import { OutboxPublisher } from '../../outbox/outbox.publisher';
import { canonicalModel, canonicalProvider, type Price } from '../../prices/price';
import { PriceCatalog } from '../../prices/price-catalog';
import { costOf, microsToNumber } from '../../prices/pricing';
import { OrgPolicyCache } from '../../orgs/org-policy.cache';
import { EnforcementRepository, type ReservationRow } from '../enforcement.repository';
import { UnpricedAlerts } from '../unpriced-alerts';

export const settleCommandSchema = budgetSettleRpc.request.extend({ source: z.enum(['event', 'rpc']) });
export type SettleCommand = z.input<typeof settleCommandSchema>;
export type SettleResult = RpcResponse<typeof budgetSettleRpc>;

const sameModel = (r: ReservationRow, provider: string, model: string, deployment: string | null): boolean =>
  canonicalProvider(r.provider) === provider && canonicalModel(r.provider, r.model) === canonicalModel(provider, model) && (r.deployment ?? null) === deployment;

/**
 * Settles a request to what it actually used, from `cost.incurred` or the `budget.settle` RPC:
 * prices the usage (at the price the request was authorised at, or, for a request served by
 * another model than the one authorised, that model's price at the time of authorisation),
 * writes the one ledger entry, releases the reservation and charges every applicable budget.
 * A redelivery changes nothing.
 */
@Injectable()
export class SettleUseCase {
  constructor(
    private readonly enforcement: EnforcementRepository,
    private readonly prices: PriceCatalog,
    private readonly policies: OrgPolicyCache,
    private readonly alerts: UnpricedAlerts,
    private readonly outbox: OutboxPublisher,
    private readonly clock: Clock,
  ) {}

  async execute(command: SettleCommand): Promise<SettleResult> {
    const parsed = settleCommandSchema.safeParse(command);
    if (!parsed.success) throw new ValidationError('The settlement is invalid', zodIssuesToDetails(parsed.error, 'request'));
    const c = parsed.data;
    const now = this.clock.now();
    const reservation = await this.enforcement.findReservation(c.orgId, c.requestId);

    const principal = c.principal ?? (reservation && { keyId: reservation.keyId, userId: reservation.userId, teamId: reservation.teamId, projectId: reservation.projectId, agentId: reservation.agentId });
    const rawModel = c.model ?? reservation?.model;
    const rawProvider = c.provider ?? reservation?.provider;
    if (!principal || !rawModel || !rawProvider) {
      throw new BudgetError(
        BudgetErrorCode.UnattributableSettlement,
        `Request ${c.requestId} was never authorised, so its settlement must name the principal, model and provider`,
        [{ path: 'request.principal', message: 'required when the request has no reservation' }],
      );
    }
    const provider = canonicalProvider(rawProvider);
    const model = rawModel.trim().toLowerCase();
    const deployment = c.deployment ?? (c.model ? null : (reservation?.deployment ?? null));

    let price: Price | null | undefined;
    if (reservation?.priceId && sameModel(reservation, provider, model, deployment)) {
      price = await this.prices.get(reservation.priceId);
    } else {
      price = await this.prices.resolveAt(c.orgId, provider, model, deployment ?? undefined, reservation?.createdAt ?? now);
    }

    const usage = c.usage;
    const cost = price ? costOf(price, usage).micros : BigInt(c.costMicros ?? 0);
    if (!price) {
      const policy = await this.policies.unpricedPolicy(c.orgId);
      await this.alerts.raise({ orgId: c.orgId, provider, model, deployment, requestId: c.requestId, policy, now });
    }

    const outcome = await this.enforcement.settle({
      orgId: c.orgId,
      requestId: c.requestId,
      now,
      occurredAt: c.occurredAt ? new Date(c.occurredAt) : now,
      principal,
      model,
      provider,
      deployment,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      cachedInputTokens: usage.cachedInputTokens ?? 0,
      cacheWriteTokens: usage.cacheWriteTokens ?? 0,
      reasoningTokens: usage.reasoningTokens ?? 0,
      costMicros: cost,
      reportedCostMicros: c.costMicros === undefined ? null : BigInt(c.costMicros),
      priceId: price?.id ?? null,
      priced: Boolean(price),
      estimated: c.estimated ?? false,
      source: c.source,
    });
    await this.outbox.publish(outcome.events);
    return { settled: outcome.outcome === 'settled', costMicros: microsToNumber(BigInt(outcome.cost)), priced: outcome.priced, late: outcome.late };
  }
}
