import { type AuditActor, type CheckpointStatement, linkEntries } from './audit-chain';
import type { AppendPlan, ChainHeadState, RecordedRef, StoredCheckpoint } from './chain.repository';

/** An event turned into an entry, before it has a place in the chain. */
export interface EntryDraft {
  id: string;
  orgId: string;
  eventId: string;
  action: string;
  source: string;
  occurredAt: Date;
  traceId: string | null;
  /** To continue the event's trace when `audit.recorded` is published. */
  traceparent?: string;
  actor: AuditActor | null;
  resource: string | null;
  outcome: string | null;
  summary: string | null;
  data: Record<string, unknown>;
}

export interface CheckpointPolicy {
  /** Checkpoint once this many entries were appended since the last one. */
  everyEntries: number;
  /** …or once the last one is this old (and something was appended since). */
  intervalMs: number;
}

export type Sign = (statement: Omit<CheckpointStatement, 'keyId'>) => { keyId: string; signature: string };

export function isCheckpointDue(head: ChainHeadState, now: Date, policy: CheckpointPolicy): boolean {
  return head.entriesSinceCheckpoint >= policy.everyEntries || (head.entriesSinceCheckpoint > 0 && now.getTime() - head.lastCheckpointAt.getTime() >= policy.intervalMs);
}

export function signedCheckpoint(kind: StoredCheckpoint['kind'], orgId: string, at: { seq: number; hash: string }, now: Date, sign: Sign): StoredCheckpoint {
  const { keyId, signature } = sign({ kind, orgId, seq: at.seq, hash: at.hash, createdAt: now });
  return { orgId, kind, seq: at.seq, hash: at.hash, createdAt: now, keyId, signature };
}

/**
 * What appending `drafts` to an org's chain writes: every draft whose event is not recorded yet
 * (the first of several drafts of one event wins), linked onto the head in order, the new head,
 * and a signed checkpoint at it when one is due. Null when there is nothing new.
 */
export function planAppend(input: {
  orgId: string;
  head: ChainHeadState;
  drafts: readonly EntryDraft[];
  recorded: ReadonlyMap<string, RecordedRef>;
  now: Date;
  salts: (n: number) => Buffer[];
  policy: CheckpointPolicy;
  sign: Sign;
}): AppendPlan | null {
  const { orgId, head, now } = input;
  const seen = new Set<string>();
  const fresh = input.drafts.filter((d) => {
    if (input.recorded.has(d.eventId) || seen.has(d.eventId)) return false;
    seen.add(d.eventId);
    return true;
  });
  if (fresh.length === 0) return null;
  const salts = input.salts(fresh.length);
  const linked = linkEntries(
    head,
    fresh.map((d, i) => ({ ...d, orgId, recordedAt: now, salt: salts[i] })),
  );
  const last = linked[linked.length - 1];
  const grown: ChainHeadState = {
    seq: last.seq,
    hash: last.hash,
    entriesSinceCheckpoint: head.entriesSinceCheckpoint + linked.length,
    lastCheckpointAt: head.lastCheckpointAt,
  };
  const due = isCheckpointDue(grown, now, input.policy);
  return {
    entries: linked.map((e) => ({
      id: e.id,
      orgId,
      seq: e.seq,
      eventId: e.eventId,
      action: e.action,
      source: e.source,
      occurredAt: e.occurredAt,
      recordedAt: e.recordedAt,
      traceId: e.traceId,
      actor: e.actor,
      resource: e.resource,
      outcome: e.outcome,
      summary: e.summary,
      data: e.data,
      prevHash: e.prevHash,
      hash: e.hash,
      personalDigest: e.personalDigest,
      salt: e.salt,
    })),
    head: due ? { ...grown, entriesSinceCheckpoint: 0, lastCheckpointAt: now } : grown,
    checkpoint: due ? signedCheckpoint('periodic', orgId, grown, now, input.sign) : null,
  };
}
