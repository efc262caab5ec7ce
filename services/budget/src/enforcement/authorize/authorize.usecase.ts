import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { budgetAuthorizeRpc, type BudgetScope, type BudgetScopeKind, type RpcRequest, type RpcResponse } from '@ironcage/contracts';
import { CONFIG, ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { Clock } from '../../clock/clock';
import type { BudgetConfig } from '../../config';
import { OrgPolicyCache } from '../../orgs/org-policy.cache';
import { canonicalProvider } from '../../prices/price';
import { PriceCatalog } from '../../prices/price-catalog';
import { formatUsd, microsToNumber, worstCaseMicros } from '../../prices/pricing';
import { type AuthorizeOutcome, EnforcementRepository } from '../enforcement.repository';
import { UnpricedAlerts } from '../unpriced-alerts';

export type AuthorizeCommand = RpcRequest<typeof budgetAuthorizeRpc>;
export type AuthorizeDecision = RpcResponse<typeof budgetAuthorizeRpc>;

type Config = Pick<BudgetConfig, 'BUDGET_RESERVATION_TTL_SECONDS' | 'BUDGET_INPUT_MARGIN_PERCENT' | 'BUDGET_DEFAULT_MAX_OUTPUT_TOKENS'>;

const scopeOf = (kind: string, id: string, model: string | null): BudgetScope => ({ kind: kind as BudgetScopeKind, id, ...(model ? { model } : {}) });
const describeScope = (s: BudgetScope): string => `${s.kind} ${s.id}${s.model ? ` (model ${s.model})` : ''}`;

/**
 * `budget.authorize`: prices the request's worst case (prompt + output cap at the current price)
 * and reserves it on every budget that applies, taking the request's share of every rate limit,
 * in one Postgres round trip that is all or nothing. Refusals name the scope, the limit, what was
 * spent and when it resets. Idempotent on (orgId, requestId): asking again returns the reservation.
 */
@Injectable()
export class AuthorizeUseCase {
  constructor(
    private readonly enforcement: EnforcementRepository,
    private readonly prices: PriceCatalog,
    private readonly policies: OrgPolicyCache,
    private readonly alerts: UnpricedAlerts,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async execute(command: AuthorizeCommand): Promise<AuthorizeDecision> {
    const parsed = budgetAuthorizeRpc.request.safeParse(command);
    if (!parsed.success) throw new ValidationError('The authorisation request is invalid', zodIssuesToDetails(parsed.error, 'request'));
    const c = parsed.data;
    const now = this.clock.now();
    const provider = canonicalProvider(c.provider);
    const model = c.model.trim().toLowerCase();
    const price = await this.prices.resolve(c.orgId, provider, c.model, c.deployment);

    let amount = 0n;
    let maxOutputTokens: number;
    if (price) {
      const catalogueCap = price.maxOutputTokens ?? Number.MAX_SAFE_INTEGER;
      maxOutputTokens = Math.min(c.maxOutputTokens ?? price.maxOutputTokens ?? this.config.BUDGET_DEFAULT_MAX_OUTPUT_TOKENS, catalogueCap);
      amount = worstCaseMicros(price, c.estimatedInputTokens, maxOutputTokens, this.config.BUDGET_INPUT_MARGIN_PERCENT);
    } else {
      const policy = await this.policies.unpricedPolicy(c.orgId);
      await this.alerts.raise({ orgId: c.orgId, provider, model, deployment: c.deployment, requestId: c.requestId, policy, now });
      if (policy === 'refuse') {
        return {
          allowed: false,
          code: 'unpriced_model',
          reason: `Model ${c.model} at ${provider} has no price, and this organisation refuses unpriced models (policy "refuse")`,
          scope: { kind: 'org', id: c.orgId, model },
          provider,
          model,
        };
      }
      maxOutputTokens = c.maxOutputTokens ?? this.config.BUDGET_DEFAULT_MAX_OUTPUT_TOKENS;
    }

    const outcome = await this.enforcement.authorize({
      orgId: c.orgId,
      requestId: c.requestId,
      reservationId: randomUUID(),
      principal: c.principal,
      model,
      provider,
      deployment: c.deployment ?? null,
      priceId: price?.id ?? null,
      amountMicros: amount,
      inputTokens: c.estimatedInputTokens,
      maxOutputTokens,
      rateTokens: c.estimatedInputTokens + (c.maxOutputTokens ?? 0),
      now,
      expiresAt: new Date(now.getTime() + this.config.BUDGET_RESERVATION_TTL_SECONDS * 1000),
    });
    return this.decide(outcome, amount, price !== null, now);
  }

  private decide(o: AuthorizeOutcome, requested: bigint, priced: boolean, now: Date): AuthorizeDecision {
    switch (o.outcome) {
      case 'reserved':
        return {
          allowed: true,
          reservationId: o.reservationId,
          reservedMicros: o.amount,
          maxOutputTokens: o.maxOutputTokens,
          expiresAt: o.expiresAt,
          priced,
          remainingMicros: o.remaining,
        };
      case 'existing':
        return {
          allowed: true,
          reservationId: o.reservationId,
          reservedMicros: o.amount,
          maxOutputTokens: o.maxOutputTokens,
          expiresAt: o.expiresAt,
          priced: o.priced,
          remainingMicros: null,
        };
      case 'budget_exceeded': {
        const scope = scopeOf(o.scopeKind, o.scopeId, o.model);
        const resets = o.resetsAt ? `resets at ${o.resetsAt}` : 'never resets (period total)';
        return {
          allowed: false,
          code: 'budget_exceeded',
          reason:
            `Budget "${o.name}" on ${describeScope(scope)} is spent: limit ${formatUsd(o.limit)}, spent ${formatUsd(o.spent)}, ` +
            `${formatUsd(o.reserved)} held by requests in flight, this request needs up to ${formatUsd(requested)}; ${resets}`,
          budgetId: o.budgetId,
          scope,
          limitMicros: o.limit,
          spentMicros: o.spent,
          reservedMicros: o.reserved,
          requestedMicros: microsToNumber(requested),
          ...(o.resetsAt ? { resetsAt: o.resetsAt } : {}),
        };
      }
      case 'rate_limited': {
        const scope = scopeOf(o.scopeKind, o.scopeId, null);
        const retryAfterMs = o.retryAfterUs === null ? undefined : Math.ceil(o.retryAfterUs / 1000);
        const resetsAt = retryAfterMs === undefined ? undefined : new Date(now.getTime() + retryAfterMs).toISOString();
        return {
          allowed: false,
          code: 'rate_limited',
          reason:
            retryAfterMs === undefined
              ? `This request needs ${o.requested} ${o.metric}, more than the ${o.burst} the ${o.metric}-per-minute limit on ${describeScope(scope)} ever allows at once`
              : `Rate limit of ${o.limit} ${o.metric} per minute on ${describeScope(scope)} reached (${o.used} used); retry after ${resetsAt}`,
          rateLimitId: o.rateLimitId,
          scope,
          metric: o.metric,
          limit: o.limit,
          used: o.used,
          requested: o.requested,
          ...(resetsAt ? { resetsAt, retryAfterMs } : {}),
        };
      }
    }
  }
}
