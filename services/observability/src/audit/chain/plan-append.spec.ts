import { GENESIS_HASH } from './audit-chain';
import type { ChainHeadState, RecordedRef } from './chain.repository';
import { type EntryDraft, isCheckpointDue, planAppend } from './plan-append';

const now = new Date('2026-03-01T12:00:00Z');
const draft = (eventId: string): EntryDraft => ({
  id: `id-${eventId}`,
  orgId: 'org-a',
  eventId,
  action: 'request.received',
  source: 'gateway',
  occurredAt: new Date('2026-03-01T11:59:59Z'),
  traceId: null,
  actor: null,
  resource: null,
  outcome: 'success',
  summary: null,
  data: {},
});
const head = (over: Partial<ChainHeadState> = {}): ChainHeadState => ({ seq: 0, hash: GENESIS_HASH, entriesSinceCheckpoint: 0, lastCheckpointAt: now, ...over });
const plan = (h: ChainHeadState, drafts: EntryDraft[], recorded = new Map<string, RecordedRef>(), policy = { everyEntries: 100, intervalMs: 60_000 }) =>
  planAppend({
    orgId: 'org-a',
    head: h,
    drafts,
    recorded,
    now,
    salts: (n) => Array.from({ length: n }, () => Buffer.alloc(16)),
    policy,
    sign: (s) => ({ keyId: 'ed25519:test', signature: `sig:${s.seq}` }),
  });

describe('planAppend', () => {
  it('appends new events in order after the head and moves the head to the last one', () => {
    const p = plan(head({ seq: 7, hash: 'aa'.repeat(32), entriesSinceCheckpoint: 3 }), [draft('a'), draft('b')])!;
    expect(p.entries.map((e) => [e.eventId, e.seq])).toEqual([
      ['a', 8],
      ['b', 9],
    ]);
    expect(p.entries[0].prevHash).toBe('aa'.repeat(32));
    expect(p.entries.every((e) => e.recordedAt.getTime() === now.getTime())).toBe(true);
    expect(p.head).toMatchObject({ seq: 9, hash: p.entries[1].hash, entriesSinceCheckpoint: 5 });
    expect(p.checkpoint).toBeNull();
  });

  it('skips events recorded before and repeats within the batch', () => {
    const recorded = new Map([['a', { entryId: 'x', eventId: 'a', seq: 1, hash: 'h', action: 'request.received', outcome: null, recordedAt: now }]]);
    const p = plan(head({ seq: 1 }), [draft('a'), draft('b'), draft('b'), draft('c')], recorded)!;
    expect(p.entries.map((e) => e.eventId)).toEqual(['b', 'c']);
    expect(plan(head(), [draft('a')], recorded)).toBeNull();
  });

  it('signs a checkpoint at the new head once enough entries accumulated', () => {
    const p = plan(head({ entriesSinceCheckpoint: 99 }), [draft('a'), draft('b')])!;
    expect(p.checkpoint).toEqual({ orgId: 'org-a', kind: 'periodic', seq: 2, hash: p.head.hash, createdAt: now, keyId: 'ed25519:test', signature: 'sig:2' });
    expect(p.head).toMatchObject({ entriesSinceCheckpoint: 0, lastCheckpointAt: now });
  });

  it('signs a checkpoint once the last one is old enough, if anything was appended', () => {
    const old = new Date(now.getTime() - 60_000);
    expect(plan(head({ lastCheckpointAt: old }), [draft('a')])!.checkpoint).not.toBeNull();
    expect(isCheckpointDue(head({ lastCheckpointAt: old }), now, { everyEntries: 100, intervalMs: 60_000 })).toBe(false);
    expect(isCheckpointDue(head({ lastCheckpointAt: old, entriesSinceCheckpoint: 1 }), now, { everyEntries: 100, intervalMs: 60_000 })).toBe(true);
  });
});
