import { buildCatalogue } from '../catalogue/load-catalogue';
import type { RoutedDeployment } from '../catalogue/model-catalogue';
import { ProviderError, type ProviderAdapter } from '../providers';
import { orderDeployments } from './balancer';
import { type AttemptOutcome, Router } from './router';
import { RoutingError } from './routing.exception';

const catalogue = buildCatalogue(
  {
    builtins: false,
    models: {
      split: { deployments: [{ id: 'a', provider: 'mock', model: 'm', weight: 3 }, { id: 'b', provider: 'mock', model: 'm', weight: 1 }, { id: 'spare', provider: 'mock', model: 'm', weight: 0 }] },
      busy: { routing: 'least-busy', deployments: [{ id: 'x', provider: 'mock', model: 'm' }, { id: 'y', provider: 'mock', model: 'm' }] },
      chain: { maxAttempts: 5, fallbacks: ['other', 'third'], deployments: [{ id: 'c1', provider: 'mock', model: 'm', breaker: { failureThreshold: 2, openMs: 1_000 } }] },
      other: { deployments: [{ id: 'o1', provider: 'mock', model: 'm' }] },
      third: { deployments: [{ id: 't1', provider: 'mock', model: 'm' }] },
      single: { deployments: [{ id: 's1', provider: 'mock', model: 'm', breaker: { failureThreshold: 1, openMs: 2_500 } }] },
      capped: { maxAttempts: 2, deployments: [1, 2, 3].map((i) => ({ id: `k${i}`, provider: 'mock', model: 'm' })) },
    },
  },
  { source: 'test', supportsEmbeddings: () => true },
);
const model = (name: string) => catalogue.resolve(name)!;

const overloaded = () => new ProviderError({ provider: 'mock', code: 'overloaded', status: 503, message: 'overloaded' });
const badRequest = () => new ProviderError({ provider: 'mock', code: 'bad_request', status: 400, message: 'bad' });

describe('Router', () => {
  let now: number;
  let outcomes: string[];
  let router: Router;
  const adapter = {} as ProviderAdapter;
  const options = () => ({ deadline: now + 60_000 });
  /** An attempt that fails on the named deployments and answers with the deployment id elsewhere. */
  const failingOn =
    (failures: Record<string, () => Error>) =>
    async (d: RoutedDeployment): Promise<string> => {
      const make = failures[d.id];
      if (make) throw make();
      return d.id;
    };

  beforeEach(() => {
    now = 1_000_000;
    outcomes = [];
    let seed = 1;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    router = new Router(catalogue, { get: () => adapter }, { attempt: (d, o: AttemptOutcome) => outcomes.push(`${d.id}:${o}`) }, () => now, random);
  });

  describe('load balancing', () => {
    it('spreads calls by weight and leaves weight-0 deployments as fallbacks only', async () => {
      const counts: Record<string, number> = {};
      for (let i = 0; i < 4000; i++) {
        const { value } = await router.call(model('split'), failingOn({}), options());
        counts[value] = (counts[value] ?? 0) + 1;
      }
      expect(counts.a / 4000).toBeGreaterThan(0.7);
      expect(counts.a / 4000).toBeLessThan(0.8);
      expect(counts.spare).toBeUndefined();
    });

    it('sends a call to the deployment with the fewest calls in flight', async () => {
      const held = await router.call(model('busy'), failingOn({}), { ...options(), hold: true });
      const other = held.value === 'x' ? 'y' : 'x';
      for (let i = 0; i < 10; i++) expect((await router.call(model('busy'), failingOn({}), options())).value).toBe(other);
      held.finish();
      expect(router.inFlight(held.value)).toBe(0);
    });

    it('orders deployments weighted at random without repeating one', () => {
      const order = orderDeployments(model('split').deployments, 'weighted', () => 0);
      expect(order.map((d) => d.id).sort()).toEqual(['a', 'b', 'spare']);
      expect(order.at(-1)?.id).toBe('spare');
    });
  });

  describe('fallback', () => {
    it('tries the next deployment, then the fallback models in order, on a retryable failure', async () => {
      const routed = await router.call(model('chain'), failingOn({ c1: overloaded, o1: overloaded }), options());
      expect(routed).toMatchObject({ value: 't1', attempts: 3 });
      expect(outcomes).toEqual(['c1:failed', 'o1:failed', 't1:ok']);
    });

    it('answers a failure the client caused at once, without trying elsewhere', async () => {
      await expect(router.call(model('chain'), failingOn({ c1: badRequest }), options())).rejects.toMatchObject({ code: 'bad_request' });
      expect(outcomes).toEqual(['c1:rejected']);
    });

    it('leaves out fallback models the caller may not use', async () => {
      const routed = await router.call(model('chain'), failingOn({ c1: overloaded }), { ...options(), allowFallback: (m) => m.name !== 'other' });
      expect(routed.value).toBe('t1');
    });

    it('stops after maxAttempts and reports the last upstream failure', async () => {
      await expect(router.call(model('capped'), failingOn({ k1: overloaded, k2: overloaded, k3: overloaded }), options())).rejects.toBeInstanceOf(ProviderError);
      expect(outcomes).toHaveLength(2);
    });

    it('does not retry after the client went away, nor count it against the deployment', async () => {
      const abort = new AbortController();
      const attempt = async () => {
        abort.abort(new Error('client left'));
        throw abort.signal.reason;
      };
      await expect(router.call(model('chain'), attempt, { ...options(), signal: abort.signal })).rejects.toThrow('client left');
      expect(outcomes).toEqual(['c1:aborted']);
      expect(router.breakerState('c1')).toBe('closed');
    });

    it('starts no attempt after the deadline', async () => {
      await expect(router.call(model('chain'), failingOn({}), { deadline: now - 1 })).rejects.toMatchObject({ code: 'deadline_exceeded' });
    });
  });

  describe('circuit breaking', () => {
    it('skips a deployment whose breaker opened, without calling it, until the open period is over', async () => {
      await router.call(model('chain'), failingOn({ c1: overloaded }), options());
      await router.call(model('chain'), failingOn({ c1: overloaded }), options());
      expect(router.breakerState('c1')).toBe('open');
      outcomes = [];
      let calls = 0;
      const counting = async (d: RoutedDeployment) => {
        if (d.id === 'c1') calls++;
        return d.id;
      };
      expect((await router.call(model('chain'), counting, options())).value).toBe('o1');
      expect(calls).toBe(0);
      expect(outcomes).toEqual(['c1:skipped', 'o1:ok']);

      now += 1_000;
      expect((await router.call(model('chain'), counting, options())).value).toBe('c1');
      expect(router.breakerState('c1')).toBe('closed');
    });

    it('fails fast with 503 and a retry-after when every deployment is paused', async () => {
      await expect(router.call(model('single'), failingOn({ s1: overloaded }), options())).rejects.toBeInstanceOf(ProviderError);
      const err = await router.call(model('single'), failingOn({}), options()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RoutingError);
      expect(err).toMatchObject({ code: 'no_healthy_deployment', category: 'unavailable', retryAfterSeconds: 3 });
    });

    it('judges a held call (a stream) when it finishes', async () => {
      const first = await router.call(model('single'), failingOn({}), { ...options(), hold: true });
      expect(router.inFlight('s1')).toBe(1);
      first.finish(overloaded());
      first.finish();
      expect(router.inFlight('s1')).toBe(0);
      expect(router.breakerState('s1')).toBe('open');
    });
  });
});
