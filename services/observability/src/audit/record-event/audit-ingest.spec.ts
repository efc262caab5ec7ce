import type { EventPublisher } from '@ironcage/bus';
import { PermanentEventError } from '@ironcage/bus';
import { EVENTS } from '@ironcage/contracts';
import { FixedClock, TestEntropy, testAuditConfig } from '../../testing/audit-fixtures';
import { AuditMetrics } from '../audit.metrics';
import { GENESIS_HASH } from '../chain/audit-chain';
import { AuditSigner } from '../chain/audit-signer';
import { type AppendPlan, ChainRepository, type ChainHeadState, type RecordedRef } from '../chain/chain.repository';
import type { EntryDraft } from '../chain/plan-append';
import { AuditIngest } from './audit-ingest';

jest.mock('../chain/chain.repository');
jest.mock('../audit.metrics');

const draft = (eventId: string, orgId = 'org-a'): EntryDraft => ({
  id: `entry-${eventId}`,
  orgId,
  eventId,
  action: EVENTS.requestReceived,
  source: 'gateway',
  occurredAt: new Date('2026-03-01T11:00:00Z'),
  traceId: null,
  actor: null,
  resource: null,
  outcome: 'success',
  summary: null,
  data: {},
});

describe('AuditIngest', () => {
  let chain: jest.Mocked<ChainRepository>;
  let events: { publish: jest.Mock<ReturnType<EventPublisher['publish']>, Parameters<EventPublisher['publish']>> };
  let heads: Map<string, ChainHeadState>;
  let stored: Map<string, RecordedRef>;
  let ingest: AuditIngest;

  const build = (config: Record<string, unknown> = {}) =>
    new AuditIngest(
      chain,
      new AuditSigner({ NODE_ENV: 'test' }),
      new FixedClock(),
      new TestEntropy(),
      events as unknown as EventPublisher,
      new (AuditMetrics as jest.MockedClass<typeof AuditMetrics>)(undefined as never),
      testAuditConfig({ AUDIT_INGEST_LINGER_MS: 5, ...config }),
    );

  beforeEach(() => {
    heads = new Map();
    stored = new Map();
    chain = new (ChainRepository as jest.MockedClass<typeof ChainRepository>)(undefined as never) as jest.Mocked<ChainRepository>;
    // an in-memory chain behind the real repository's interface
    chain.append.mockImplementation(async (orgId, eventIds, _now, plan) => {
      const head = heads.get(orgId) ?? { seq: 0, hash: GENESIS_HASH, entriesSinceCheckpoint: 0, lastCheckpointAt: new Date(0) };
      const recorded = new Map([...stored].filter(([id]) => eventIds.includes(id)));
      const p: AppendPlan | null = plan(head, recorded);
      for (const e of p?.entries ?? []) {
        stored.set(e.eventId, { entryId: e.id, eventId: e.eventId, seq: e.seq, hash: e.hash, action: e.action, outcome: e.outcome, recordedAt: e.recordedAt });
      }
      if (p) heads.set(orgId, p.head);
      return { recorded, plan: p };
    });
    events = { publish: jest.fn().mockResolvedValue({ id: 'x', stream: 'AUDIT', seq: 1, duplicate: false }) };
    ingest = build();
  });

  it('appends events of one org that arrive together in one transaction, in arrival order', async () => {
    const results = await Promise.all(['a', 'b', 'c'].map((id) => ingest.submit(draft(id))));
    expect(chain.append).toHaveBeenCalledTimes(1);
    expect(results.map((r) => [r.recorded, r.seq])).toEqual([
      [true, 1],
      [true, 2],
      [true, 3],
    ]);
  });

  it('appends different orgs separately, each on its own chain', async () => {
    const [a, b] = await Promise.all([ingest.submit(draft('a', 'org-a')), ingest.submit(draft('b', 'org-b'))]);
    expect(chain.append).toHaveBeenCalledTimes(2);
    expect([a.seq, b.seq]).toEqual([1, 1]);
  });

  it('caps a transaction at AUDIT_INGEST_BATCH_MAX entries and runs one append per org at a time', async () => {
    ingest = build({ AUDIT_INGEST_BATCH_MAX: 2 });
    let running = 0;
    let most = 0;
    const inner = chain.append.getMockImplementation()!;
    chain.append.mockImplementation(async (...args) => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return inner(...args);
    });
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => ingest.submit(draft(id))));
    expect(results.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(chain.append.mock.calls.map((c) => c[1].length)).toEqual([2, 2, 1]);
    expect(most).toBe(1);
  });

  it('records a redelivered event once and answers with the entry recorded the first time', async () => {
    const first = await ingest.submit(draft('a'));
    const again = await ingest.submit(draft('a'));
    const [x, y] = await Promise.all([ingest.submit(draft('b')), ingest.submit(draft('b'))]);
    expect(first.recorded).toBe(true);
    expect(again).toEqual({ ...first, recorded: false });
    expect([x.recorded, y.recorded].sort()).toEqual([false, true]);
    expect(x.entryId).toBe(y.entryId);
    expect(heads.get('org-a')!.seq).toBe(2);
  });

  it('announces every entry as audit.recorded under the entry id, continuing the event trace, before settling', async () => {
    const traceparent = `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`;
    const r = await ingest.submit({ ...draft('a'), traceparent });
    await ingest.submit(draft('a'));
    expect(events.publish).toHaveBeenCalledTimes(2);
    const [contract, data, options] = events.publish.mock.calls[0];
    expect(contract.subject).toBe(EVENTS.auditRecorded);
    expect(data).toEqual({ entryId: r.entryId, sourceEventId: 'a', action: EVENTS.requestReceived, outcome: 'success', sequence: 1, hash: r.hash });
    expect(options).toMatchObject({ orgId: 'org-a', id: r.entryId, traceparent });
    // the re-announcement of a redelivery has the same id, so JetStream stores it once
    expect(events.publish.mock.calls[1][2].id).toBe(r.entryId);
  });

  it('fails the events whose announcement could not be published, so they are redelivered', async () => {
    events.publish.mockRejectedValueOnce(new Error('no stream'));
    await expect(ingest.submit(draft('a'))).rejects.toThrow('no stream');
    expect((await ingest.submit(draft('a'))).recorded).toBe(false);
  });

  it('fails the whole batch on a database outage, for a later retry', async () => {
    chain.append.mockRejectedValueOnce(Object.assign(new Error('connection terminated'), { code: '57P01' }));
    const all = await Promise.allSettled(['a', 'b'].map((id) => ingest.submit(draft(id))));
    expect(all.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(chain.append).toHaveBeenCalledTimes(1);
  });

  it('isolates an entry the database refuses: the others are appended, it fails permanently', async () => {
    const inner = chain.append.getMockImplementation()!;
    chain.append.mockImplementation(async (orgId, eventIds, now, plan) => {
      if (eventIds.includes('poison')) throw Object.assign(new Error('invalid input syntax'), { code: '22P02' });
      return inner(orgId, eventIds, now, plan);
    });
    const all = await Promise.allSettled(['a', 'poison', 'b'].map((id) => ingest.submit(draft(id))));
    expect(all.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((all[1] as PromiseRejectedResult).reason).toBeInstanceOf(PermanentEventError);
    expect(heads.get('org-a')!.seq).toBe(2);
  });

  it('signs a checkpoint when enough entries accumulated', async () => {
    ingest = build({ AUDIT_CHECKPOINT_EVERY: 3 });
    await Promise.all(['a', 'b', 'c'].map((id) => ingest.submit(draft(id))));
    const plan = (await chain.append.mock.results[0].value) as { plan: AppendPlan };
    expect(plan.plan.checkpoint).toMatchObject({ kind: 'periodic', seq: 3, orgId: 'org-a' });
  });
});
