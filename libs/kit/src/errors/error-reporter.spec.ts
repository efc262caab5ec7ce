import { PermanentEventError, RpcError } from '@ironcage/bus';
import { type ErrorReported, EVENTS, PLATFORM_ORG_ID, RpcErrorCode } from '@ironcage/contracts';
import { DomainError } from './domain-error';
import { ErrorReporter } from './error-reporter';

interface Sent {
  data: ErrorReported;
  orgId: string;
}

function reporterWith(publish: (data: ErrorReported, orgId: string) => Promise<unknown> = async () => ({})) {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const sent: Sent[] = [];
  const publisher = {
    publish: jest.fn((_contract: unknown, data: ErrorReported, options: { orgId: string }) => {
      sent.push({ data, orgId: options.orgId });
      return publish(data, options.orgId);
    }),
  };
  const reporter = new ErrorReporter('budget', publisher as never, { intervalMs: 1000, root: '/srv/app' }, () => now);
  return { reporter, sent, publisher, advance: (ms: number) => (now += ms) };
}

/** The same failure from the same place each time it is called. */
const failure = (message = 'connection terminated') => new Error(message);

describe('ErrorReporter', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('publishes an unexpected failure with where it happened, for the platform org when none is known', () => {
    const { reporter, sent } = reporterWith();
    const errorId = reporter.report(failure(), { where: 'http GET /v1/budgets', errorId: 'e-1' });
    expect(errorId).toBe('e-1');
    expect(sent).toEqual([
      {
        orgId: PLATFORM_ORG_ID,
        data: expect.objectContaining({ service: 'budget', errorId: 'e-1', name: 'Error', message: 'connection terminated', where: 'http GET /v1/budgets', count: 1 }),
      },
    ]);
    expect(sent[0].data.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(sent[0].data.stack.length).toBeGreaterThan(0);
  });

  it('ignores failures the code meant: domain errors, RPC errors, permanent event errors', () => {
    const { reporter, sent } = reporterWith();
    reporter.report(new DomainError('budget_exceeded', 'spent', 'limit'), { where: 'rpc budget.authorize' });
    reporter.report(new RpcError(RpcErrorCode.NotFound, 'no'), { where: 'rpc budget.authorize' });
    reporter.report(new PermanentEventError('never'), { where: 'event cost.incurred' });
    expect(sent).toEqual([]);
  });

  it('sends at most one report per fingerprint per interval, and the held-back ones in a report when it ends', () => {
    const { reporter, sent, advance } = reporterWith();
    const fail = () => reporter.report(failure(`attempt ${Math.random()}`), { where: 'event cost.incurred', orgId: 'org-1' });
    fail();
    for (let i = 0; i < 4; i++) {
      advance(100);
      fail();
    }
    expect(sent.map((s) => s.data.count)).toEqual([1]);
    advance(600);
    jest.runOnlyPendingTimers();
    expect(sent.map((s) => [s.orgId, s.data.count])).toEqual([
      ['org-1', 1],
      ['org-1', 4],
    ]);
    expect(new Set(sent.map((s) => s.data.fingerprint)).size).toBe(1);
    advance(5000);
    fail();
    expect(sent.map((s) => s.data.count)).toEqual([1, 4, 1]);
  });

  it('never throws into the failing path, and only logs when publishing fails', async () => {
    const { reporter, sent } = reporterWith(() => Promise.reject(new Error('nats down')));
    expect(() => reporter.report(failure(), { where: 'rpc budget.settle' })).not.toThrow();
    expect(() => reporter.report({ toString: () => { throw new Error('hostile'); } }, { where: 'rpc budget.settle' })).not.toThrow();
    await Promise.resolve();
    expect(sent.map((s) => s.data.message)).toEqual(['connection terminated', 'unprintable value']);
  });

  it('never reports a failure to handle error reports, so a broken collector cannot feed itself', () => {
    const { reporter, sent } = reporterWith();
    reporter.report(failure(), { where: `event ${EVENTS.errorReported}` });
    expect(sent).toEqual([]);
  });
});
