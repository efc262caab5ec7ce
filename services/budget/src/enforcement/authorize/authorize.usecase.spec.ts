import { ValidationError } from '@ironcage/kit';
import type { OrgPolicyCache } from '../../orgs/org-policy.cache';
import type { PriceCatalog } from '../../prices/price-catalog';
import { aPrice } from '../../testing/builders';
import { FakeClock } from '../../testing/fake-clock';
import type { AuthorizeParams, EnforcementRepository } from '../enforcement.repository';
import type { UnpricedAlerts } from '../unpriced-alerts';
import { type AuthorizeCommand, AuthorizeUseCase } from './authorize.usecase';

const config = { BUDGET_RESERVATION_TTL_SECONDS: 600, BUDGET_INPUT_MARGIN_PERCENT: 10, BUDGET_DEFAULT_MAX_OUTPUT_TOKENS: 4096 };

describe('AuthorizeUseCase', () => {
  const clock = new FakeClock('2026-11-25T10:00:00Z');
  let enforcement: jest.Mocked<Pick<EnforcementRepository, 'authorize'>>;
  let prices: jest.Mocked<Pick<PriceCatalog, 'resolve'>>;
  let policies: jest.Mocked<Pick<OrgPolicyCache, 'unpricedPolicy'>>;
  let alerts: jest.Mocked<Pick<UnpricedAlerts, 'raise'>>;
  let useCase: AuthorizeUseCase;

  const command = (overrides: Partial<AuthorizeCommand> = {}): AuthorizeCommand => ({
    requestId: 'r-1',
    orgId: 'org-1',
    principal: { keyId: 'k-1', teamId: 't-1' },
    model: 'openai/GPT-4o',
    provider: 'OpenAI',
    estimatedInputTokens: 1000,
    maxOutputTokens: 500,
    ...overrides,
  });

  beforeEach(() => {
    enforcement = { authorize: jest.fn() };
    prices = { resolve: jest.fn() };
    policies = { unpricedPolicy: jest.fn().mockResolvedValue('refuse') };
    alerts = { raise: jest.fn().mockResolvedValue(undefined) };
    useCase = new AuthorizeUseCase(enforcement as never, prices as never, policies as never, alerts as never, clock, config);
    enforcement.authorize.mockImplementation(async (p: AuthorizeParams) => ({
      outcome: 'reserved',
      reservationId: p.reservationId,
      amount: Number(p.amountMicros),
      expiresAt: p.expiresAt.toISOString(),
      maxOutputTokens: p.maxOutputTokens,
      remaining: 42,
      budgets: 1,
    }));
  });

  describe('execute', () => {
    it('reserves the padded prompt and the output cap at the current price, for the reservation TTL', async () => {
      prices.resolve.mockResolvedValue(aPrice({ inputPerMtok: 2_500_000n, outputPerMtok: 10_000_000n }));
      const decision = await useCase.execute(command());
      // 1100 prompt tokens (10 % margin) × $2.50/M + 500 × $10/M = 2750 + 5000
      expect(decision).toEqual({ allowed: true, reservationId: expect.any(String), reservedMicros: 7750, maxOutputTokens: 500, expiresAt: '2026-11-25T10:10:00.000Z', priced: true, remainingMicros: 42 });
      expect(enforcement.authorize).toHaveBeenCalledWith(
        expect.objectContaining({ orgId: 'org-1', provider: 'openai', model: 'openai/gpt-4o', amountMicros: 7750n, rateTokens: 1500, principal: { keyId: 'k-1', teamId: 't-1' } }),
      );
    });

    it('caps the output at the model’s maximum, and reserves that maximum when the client sets none', async () => {
      prices.resolve.mockResolvedValue(aPrice({ maxOutputTokens: 300 }));
      expect(await useCase.execute(command({ maxOutputTokens: 100_000 }))).toMatchObject({ maxOutputTokens: 300 });
      expect(await useCase.execute(command({ maxOutputTokens: undefined }))).toMatchObject({ maxOutputTokens: 300 });
      prices.resolve.mockResolvedValue(aPrice({ maxOutputTokens: null }));
      expect(await useCase.execute(command({ maxOutputTokens: undefined }))).toMatchObject({ maxOutputTokens: 4096 });
    });

    it('refuses a model without a price by default, alerting once, and reserves nothing', async () => {
      prices.resolve.mockResolvedValue(null);
      expect(await useCase.execute(command())).toMatchObject({ allowed: false, code: 'unpriced_model', provider: 'openai', model: 'openai/gpt-4o', scope: { kind: 'org', id: 'org-1' } });
      expect(alerts.raise).toHaveBeenCalledWith(expect.objectContaining({ policy: 'refuse', provider: 'openai' }));
      expect(enforcement.authorize).not.toHaveBeenCalled();
    });

    it('serves a model without a price as unpriced when the org chose so, still through the rate limits', async () => {
      prices.resolve.mockResolvedValue(null);
      policies.unpricedPolicy.mockResolvedValue('record_unpriced');
      expect(await useCase.execute(command())).toMatchObject({ allowed: true, priced: false, reservedMicros: 0 });
      expect(enforcement.authorize).toHaveBeenCalledWith(expect.objectContaining({ priceId: null, amountMicros: 0n, rateTokens: 1500 }));
    });

    it('turns a budget refusal into one that names the scope, the limit, what was spent and when it resets', async () => {
      prices.resolve.mockResolvedValue(aPrice());
      enforcement.authorize.mockResolvedValue({
        outcome: 'budget_exceeded',
        budgetId: 'b-1',
        name: 'team daily',
        scopeKind: 'team',
        scopeId: 't-1',
        model: 'gpt-4o',
        limit: 1_000_000,
        spent: 999_000,
        reserved: 500,
        resetsAt: '2026-11-26T00:00:00.000Z',
      });
      const d = await useCase.execute(command());
      expect(d).toMatchObject({
        allowed: false,
        code: 'budget_exceeded',
        scope: { kind: 'team', id: 't-1', model: 'gpt-4o' },
        limitMicros: 1_000_000,
        spentMicros: 999_000,
        reservedMicros: 500,
        resetsAt: '2026-11-26T00:00:00.000Z',
      });
      expect((d as { reason: string }).reason).toBe(
        'Budget "team daily" on team t-1 (model gpt-4o) is spent: limit $1.000000, spent $0.999000, $0.000500 held by requests in flight, this request needs up to $0.002100; resets at 2026-11-26T00:00:00.000Z',
      );
    });

    it('says a total budget never resets', async () => {
      prices.resolve.mockResolvedValue(aPrice());
      enforcement.authorize.mockResolvedValue({ outcome: 'budget_exceeded', budgetId: 'b', name: 'n', scopeKind: 'org', scopeId: 'org-1', model: null, limit: 1, spent: 1, reserved: 0, resetsAt: null });
      const d = await useCase.execute(command());
      expect(d).not.toHaveProperty('resetsAt');
      expect((d as { reason: string }).reason).toMatch(/never resets/);
    });

    it('turns a rate-limit refusal into one that says when to retry', async () => {
      prices.resolve.mockResolvedValue(aPrice());
      enforcement.authorize.mockResolvedValue({
        outcome: 'rate_limited',
        rateLimitId: 'rl',
        scopeKind: 'key',
        scopeId: 'k-1',
        metric: 'requests',
        limit: 60,
        burst: 60,
        used: 60,
        requested: 1,
        retryAfterUs: 999_001,
      });
      expect(await useCase.execute(command())).toMatchObject({ code: 'rate_limited', retryAfterMs: 1000, resetsAt: '2026-11-25T10:00:01.000Z', used: 60, limit: 60 });
    });

    it('validates its own command, naming the field', async () => {
      await expect(useCase.execute(command({ estimatedInputTokens: -1 }))).rejects.toThrow(ValidationError);
      await expect(useCase.execute(command({ estimatedInputTokens: -1 }))).rejects.toMatchObject({ details: [{ path: 'request.estimatedInputTokens' }] });
    });
  });
});
