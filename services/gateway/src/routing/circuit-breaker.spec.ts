import { DEFAULT_BREAKER } from '../catalogue/load-catalogue';
import { CircuitBreaker, Permit, type BreakerState } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let now = 0;
  let changes: [BreakerState, BreakerState, string][];
  const breaker = (settings: Partial<typeof DEFAULT_BREAKER> = {}) =>
    new CircuitBreaker({ ...DEFAULT_BREAKER, failureThreshold: 3, openMs: 1_000, ...settings }, () => now, (from, to, reason) => changes.push([from, to, reason]));
  const fail = (b: CircuitBreaker, times: number) => {
    for (let i = 0; i < times; i++) b.failure(b.tryAcquire());
  };

  beforeEach(() => {
    now = 0;
    changes = [];
  });

  describe('closed', () => {
    it('lets every call through', () => {
      const b = breaker();
      expect([b.tryAcquire(), b.tryAcquire()]).toEqual([Permit.Call, Permit.Call]);
      expect(b.state).toBe('closed');
    });

    it('opens after failureThreshold consecutive failures', () => {
      const b = breaker();
      fail(b, 2);
      expect(b.state).toBe('closed');
      fail(b, 1);
      expect(b.state).toBe('open');
      expect(changes).toEqual([['closed', 'open', '3 consecutive failures']]);
    });

    it('starts counting again after a success', () => {
      const b = breaker();
      fail(b, 2);
      b.success(b.tryAcquire());
      fail(b, 2);
      expect(b.state).toBe('closed');
    });

    it('opens at once for as long as a retry-after says, capped by maxOpenMs', () => {
      const b = breaker({ maxOpenMs: 5_000 });
      b.failure(b.tryAcquire(), 2_000);
      expect(b.state).toBe('open');
      expect(b.retryInMs()).toBe(2_000);
      const capped = breaker({ maxOpenMs: 5_000 });
      capped.failure(capped.tryAcquire(), 60_000);
      expect(capped.retryInMs()).toBe(5_000);
    });

    it('ignores retry-after when openOnRetryAfter is off', () => {
      const b = breaker({ openOnRetryAfter: false });
      b.failure(b.tryAcquire(), 2_000);
      expect(b.state).toBe('closed');
    });

    it('is not moved by calls that end without a verdict', () => {
      const b = breaker({ failureThreshold: 1 });
      b.release(b.tryAcquire());
      expect(b.state).toBe('closed');
    });
  });

  describe('open', () => {
    it('skips the deployment until openMs has passed', () => {
      const b = breaker();
      fail(b, 3);
      now = 999;
      expect(b.tryAcquire()).toBe(Permit.Denied);
      expect(b.retryInMs()).toBe(1);
    });

    it('ignores late outcomes of calls that started while it was closed', () => {
      const b = breaker();
      const late = [b.tryAcquire(), b.tryAcquire()];
      fail(b, 3);
      b.success(late[0]);
      b.failure(late[1]);
      expect(b.state).toBe('open');
      expect(b.retryInMs()).toBe(1_000);
    });
  });

  describe('half-open', () => {
    const halfOpen = (settings: Partial<typeof DEFAULT_BREAKER> = {}) => {
      const b = breaker(settings);
      fail(b, 3);
      now += 1_000;
      return b;
    };

    it('lets one probe through once the open period is over, and skips everyone else meanwhile', () => {
      const b = halfOpen();
      expect(b.tryAcquire()).toBe(Permit.Probe);
      expect(b.state).toBe('half-open');
      expect(b.tryAcquire()).toBe(Permit.Denied);
    });

    it('closes after a successful probe', () => {
      const b = halfOpen();
      b.success(b.tryAcquire());
      expect(b.state).toBe('closed');
      expect(b.tryAcquire()).toBe(Permit.Call);
      expect(changes.map(([, to]) => to)).toEqual(['open', 'half-open', 'closed']);
    });

    it('opens again after a failed probe, for another open period', () => {
      const b = halfOpen();
      b.failure(b.tryAcquire());
      expect(b.state).toBe('open');
      expect(b.retryInMs()).toBe(1_000);
      expect(b.tryAcquire()).toBe(Permit.Denied);
    });

    it('needs successThreshold successful probes, halfOpenProbes at a time', () => {
      const b = halfOpen({ halfOpenProbes: 2, successThreshold: 3 });
      const [p1, p2] = [b.tryAcquire(), b.tryAcquire()];
      expect([p1, p2, b.tryAcquire()]).toEqual([Permit.Probe, Permit.Probe, Permit.Denied]);
      b.success(p1);
      b.success(p2);
      expect(b.state).toBe('half-open');
      b.success(b.tryAcquire());
      expect(b.state).toBe('closed');
    });

    it('frees the probe slot of a probe that ended without a verdict', () => {
      const b = halfOpen();
      b.release(b.tryAcquire());
      expect(b.state).toBe('half-open');
      expect(b.tryAcquire()).toBe(Permit.Probe);
    });

    it('starts the failure count from zero once closed again', () => {
      const b = halfOpen();
      b.success(b.tryAcquire());
      fail(b, 2);
      expect(b.state).toBe('closed');
    });
  });
});
