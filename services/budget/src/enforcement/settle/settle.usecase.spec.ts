import { aPrice } from '../../testing/builders';
import { FakeClock } from '../../testing/fake-clock';
import type { ReservationRow, SettleParams } from '../enforcement.repository';
import { SettleUseCase } from './settle.usecase';

const reservation = (overrides: Partial<ReservationRow> = {}): ReservationRow => ({
  id: 'res-1',
  keyId: 'k-1',
  userId: 'u-1',
  teamId: null,
  projectId: null,
  agentId: null,
  model: 'gpt-4o',
  provider: 'openai',
  deployment: null,
  priceId: 'price-at-authorisation',
  amountMicros: 10_000n,
  status: 'held',
  createdAt: new Date('2026-11-25T09:59:00Z'),
  ...overrides,
});

describe('SettleUseCase', () => {
  const clock = new FakeClock('2026-11-25T10:00:00Z');
  const atAuthorisation = aPrice({ id: 'price-at-authorisation', inputPerMtok: 1_000_000n, outputPerMtok: 1_000_000n });
  const other = aPrice({ id: 'fallback-model-price', model: 'gpt-4o-mini', inputPerMtok: 100_000n, outputPerMtok: 100_000n });
  let enforcement: { findReservation: jest.Mock; settle: jest.Mock };
  let prices: { get: jest.Mock; resolveAt: jest.Mock };
  let alerts: { raise: jest.Mock };
  let useCase: SettleUseCase;

  beforeEach(() => {
    enforcement = {
      findReservation: jest.fn().mockResolvedValue(reservation()),
      settle: jest.fn(async (p: SettleParams) => ({ outcome: 'settled', cost: Number(p.costMicros), priced: p.priced, late: false, events: [] })),
    };
    prices = { get: jest.fn().mockResolvedValue(atAuthorisation), resolveAt: jest.fn().mockResolvedValue(other) };
    alerts = { raise: jest.fn() };
    useCase = new SettleUseCase(
      enforcement as never,
      prices as never,
      { unpricedPolicy: jest.fn().mockResolvedValue('refuse') } as never,
      alerts as never,
      { publish: jest.fn().mockResolvedValue(0) } as never,
      clock,
    );
  });

  describe('execute', () => {
    it('prices usage at the version the request was authorised at, attributed to the reservation’s principal', async () => {
      const r = await useCase.execute({ source: 'rpc', requestId: 'r', orgId: 'o', usage: { inputTokens: 1000, outputTokens: 1000 } });
      expect(r).toEqual({ settled: true, costMicros: 2000, priced: true, late: false });
      expect(prices.get).toHaveBeenCalledWith('price-at-authorisation');
      expect(enforcement.settle).toHaveBeenCalledWith(expect.objectContaining({ principal: expect.objectContaining({ keyId: 'k-1', userId: 'u-1' }), model: 'gpt-4o', priceId: 'price-at-authorisation' }));
    });

    it('prices a request another model served (a fallback) at that model’s price when it was authorised', async () => {
      await useCase.execute({ source: 'event', requestId: 'r', orgId: 'o', principal: { keyId: 'k-1' }, model: 'gpt-4o-mini', provider: 'openai', usage: { inputTokens: 1000, outputTokens: 1000 } });
      expect(prices.resolveAt).toHaveBeenCalledWith('o', 'openai', 'gpt-4o-mini', undefined, new Date('2026-11-25T09:59:00Z'));
      expect(enforcement.settle).toHaveBeenCalledWith(expect.objectContaining({ costMicros: 200n, priceId: 'fallback-model-price', model: 'gpt-4o-mini' }));
    });

    it('records a model without a price as unpriced at the cost the gateway reported, and alerts', async () => {
      enforcement.findReservation.mockResolvedValue(reservation({ priceId: null }));
      prices.resolveAt.mockResolvedValue(null);
      const r = await useCase.execute({ source: 'event', requestId: 'r', orgId: 'o', usage: { inputTokens: 1, outputTokens: 1 }, costMicros: 55 });
      expect(r).toMatchObject({ costMicros: 55, priced: false });
      expect(alerts.raise).toHaveBeenCalledWith(expect.objectContaining({ model: 'gpt-4o', provider: 'openai' }));
    });

    it('refuses to record a request it can attribute to nobody', async () => {
      enforcement.findReservation.mockResolvedValue(undefined);
      await expect(useCase.execute({ source: 'rpc', requestId: 'r', orgId: 'o', usage: { inputTokens: 1, outputTokens: 1 } })).rejects.toMatchObject({ code: 'unattributable_settlement' });
      expect(enforcement.settle).not.toHaveBeenCalled();
    });
  });
});
