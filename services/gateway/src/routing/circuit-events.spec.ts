import { Logger } from '@nestjs/common';
import { type Envelope, PLATFORM_ORG_ID, type ProviderCircuitChanged, providerCircuitChangedEvent } from '@ironcage/contracts';
import { MetricsRegistry } from '@ironcage/kit';
import { buildCatalogue } from '../catalogue/load-catalogue';
import { ProviderError, type ProviderAdapter } from '../providers';
import type { UsageEventSink } from '../usage-events/usage-event.sink';
import { CircuitEvents } from './circuit-events';
import { Router } from './router';
import { publicModelsByDeployment, routerObserver } from './routing.module';

const catalogue = buildCatalogue(
  {
    builtins: false,
    models: { flaky: { maxAttempts: 1, deployments: [{ id: 'flaky-east', provider: 'mock', model: 'm', breaker: { failureThreshold: 2, openMs: 1_000, successThreshold: 2, halfOpenProbes: 1 } }] } },
    aliases: { wobbly: 'flaky' },
  },
  { source: 'test', supportsEmbeddings: () => true },
);
const overloaded = () => new ProviderError({ provider: 'mock', code: 'overloaded', status: 503, message: 'overloaded' });

type Sent = Pick<Envelope<ProviderCircuitChanged>, 'orgId' | 'id' | 'data'>;

describe('provider.circuit-changed', () => {
  let now: number;
  let sent: Sent[];
  let sink: UsageEventSink & { publish: jest.Mock };
  let events: CircuitEvents;
  let router: Router;
  const model = catalogue.resolve('flaky')!;
  const call = (fail: boolean) =>
    router
      .call(model, async () => {
        if (fail) throw overloaded();
        return 'ok';
      }, { deadline: now + 60_000 })
      .then(() => 'ok', () => 'failed');

  beforeEach(() => {
    now = 1_000_000;
    sent = [];
    sink = {
      publish: jest.fn(async (contract, data, options) => {
        expect(contract).toBe(providerCircuitChangedEvent);
        sent.push({ orgId: options.orgId, id: options.id, data: providerCircuitChangedEvent.schema.parse(data) });
      }),
    };
    events = new CircuitEvents(sink, publicModelsByDeployment(catalogue), 'gw-host:4242', undefined, () => new Date(now));
    const quiet = new Logger('test');
    jest.spyOn(quiet, 'warn').mockImplementation(() => undefined);
    jest.spyOn(quiet, 'log').mockImplementation(() => undefined);
    router = new Router(catalogue, { get: () => ({}) as ProviderAdapter }, routerObserver(new MetricsRegistry('gateway-test'), quiet, events), () => now);
  });

  it('publishes every transition — closed→open, open→half-open, half-open→open, →half-open, →closed — under the platform org', async () => {
    await call(true);
    await call(true); // second consecutive failure: opens
    expect(sink.publish).not.toHaveBeenCalled(); // not in the request's tick
    await events.drain();
    expect(sent).toEqual([
      {
        orgId: PLATFORM_ORG_ID,
        id: expect.any(String),
        data: {
          deploymentId: 'flaky-east',
          provider: 'mock',
          publicModels: ['flaky', 'wobbly'],
          from: 'closed',
          to: 'open',
          reason: '2 consecutive failures',
          consecutiveFailures: 2,
          failureThreshold: 2,
          openForMs: 1_000,
          replicaId: 'gw-host:4242',
          changedAt: new Date(now).toISOString(),
        },
      },
    ]);
    expect(await call(false)).toBe('failed'); // refused while open: no transition
    now += 1_000;
    await call(true); // the probe fails
    now += 1_000;
    await call(false);
    await call(false); // two probes succeed
    await events.drain();
    expect(sent.map((e) => `${e.data.from}→${e.data.to} (${e.data.reason})`)).toEqual([
      'closed→open (2 consecutive failures)',
      'open→half-open (open period over)',
      'half-open→open (probe failed)',
      'open→half-open (open period over)',
      'half-open→closed (probe succeeded)',
    ]);
    expect(sent.at(-1)!.data).toMatchObject({ consecutiveFailures: 0, failureThreshold: 2 });
    expect(sent.at(-1)!.data.openForMs).toBeUndefined();
    expect(new Set(sent.map((e) => e.id)).size).toBe(5);
    expect(sent.every((e) => e.orgId === PLATFORM_ORG_ID)).toBe(true);
  });

  it('retries a failed publish with the same id, and never lets a failing bus reach the request', async () => {
    let attempts = 0;
    const ids: string[] = [];
    sink.publish.mockImplementation(async (_c, _d, options: { id: string }) => {
      ids.push(options.id);
      if (++attempts <= 2) throw new Error('no responders');
    });
    const logger = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await call(true);
    expect(await call(true)).toBe('failed'); // the request sees its own failure only
    await events.drain();
    expect(attempts).toBe(3);
    expect(new Set(ids).size).toBe(1);
    logger.mockRestore();
  });

  it('gives up after its retries with a log line, without throwing', async () => {
    sink.publish.mockRejectedValue(new Error('bus down'));
    const errors: unknown[] = [];
    const logger = jest.spyOn(Logger.prototype, 'error').mockImplementation((m: unknown) => void errors.push(m));
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      await call(true);
      await call(true);
      const drained = events.drain();
      for (let i = 0; i < 10; i++) {
        await jest.advanceTimersByTimeAsync(5_000);
      }
      await drained;
    } finally {
      jest.useRealTimers();
      logger.mockRestore();
    }
    expect(sink.publish).toHaveBeenCalledTimes(4);
    expect(errors).toEqual([expect.objectContaining({ msg: 'could not publish provider.circuit-changed', deployment: 'flaky-east', to: 'open' })]);
  });
});
