import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * The audit chain, format version 1 (docs/observability.md has the prose):
 *
 *   personalDigest = hex(SHA-256(salt ‖ UTF-8(canonical({ actor, resource, summary, data }))))
 *   hash           = hex(SHA-256(bytes(prevHash) ‖ UTF-8(canonical(content))))
 *   content        = { v: 1, id, orgId, seq, eventId, action, source, occurredAt, recordedAt,
 *                      traceId, outcome, personalDigest }
 *
 * `salt` is 16 random bytes kept beside the entry; `bytes(prevHash)` are the 32 raw bytes of the
 * previous entry's hash (32 zero bytes before the first entry of an org). The fields that can name
 * a person are committed to through the salted digest rather than hashed directly, so an erasure
 * can replace them with pseudonyms and drop the salt while every hash in the chain stays valid.
 */
export const CHAIN_VERSION = 1;
export const GENESIS_HASH = '0'.repeat(64);
export const SALT_BYTES = 16;

/** Who acted, normalised across event types: the most specific identity first, then what it belongs to. */
export interface AuditActor {
  type: string;
  id: string;
  keyId?: string;
  userId?: string;
  teamId?: string;
  projectId?: string;
  agentId?: string;
}

/** The part of an entry that can identify a person: committed to by a salted digest. */
export interface PersonalFields {
  actor: AuditActor | null;
  resource: string | null;
  summary: string | null;
  data: Record<string, unknown>;
}

/** The part of an entry hashed directly into the chain. */
export interface ChainFields {
  id: string;
  orgId: string;
  seq: number;
  eventId: string;
  action: string;
  source: string;
  occurredAt: Date;
  recordedAt: Date;
  traceId: string | null;
  outcome: string | null;
}

export interface ChainLink {
  prevHash: string;
  hash: string;
  personalDigest: string;
}

const sha256Hex = (...parts: Buffer[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

export function personalDigest(salt: Buffer, p: PersonalFields): string {
  return sha256Hex(salt, Buffer.from(canonicalJson({ actor: p.actor, resource: p.resource, summary: p.summary, data: p.data }), 'utf8'));
}

export function chainContent(e: ChainFields, digest: string): Record<string, unknown> {
  return {
    v: CHAIN_VERSION,
    id: e.id,
    orgId: e.orgId,
    seq: e.seq,
    eventId: e.eventId,
    action: e.action,
    source: e.source,
    occurredAt: e.occurredAt.toISOString(),
    recordedAt: e.recordedAt.toISOString(),
    traceId: e.traceId,
    outcome: e.outcome,
    personalDigest: digest,
  };
}

const str = (s: string | null): string => (s === null ? 'null' : JSON.stringify(s));

/** `canonicalJson(chainContent(e, digest))`, written directly: the members are fixed, so are their order and types. */
export function canonicalChainContent(e: ChainFields, digest: string): string {
  return (
    `{"action":${str(e.action)},"eventId":${str(e.eventId)},"id":${str(e.id)},"occurredAt":"${e.occurredAt.toISOString()}","orgId":${str(e.orgId)},` +
    `"outcome":${str(e.outcome)},"personalDigest":${str(digest)},"recordedAt":"${e.recordedAt.toISOString()}","seq":${e.seq},"source":${str(e.source)},` +
    `"traceId":${str(e.traceId)},"v":${CHAIN_VERSION}}`
  );
}

export function entryHash(prevHash: string, e: ChainFields, digest: string): string {
  return sha256Hex(Buffer.from(prevHash, 'hex'), Buffer.from(canonicalChainContent(e, digest), 'utf8'));
}

/** Links a run of new entries onto a chain head, in order. */
export function linkEntries<E extends Omit<ChainFields, 'seq'> & PersonalFields & { salt: Buffer }>(
  head: { seq: number; hash: string },
  entries: readonly E[],
): Array<E & ChainLink & { seq: number }> {
  let prevHash = head.hash;
  return entries.map((e, i) => {
    const seq = head.seq + i + 1;
    const digest = personalDigest(e.salt, e);
    const hash = entryHash(prevHash, { ...e, seq }, digest);
    const linked = { ...e, seq, prevHash, hash, personalDigest: digest };
    prevHash = hash;
    return linked;
  });
}

export type CheckpointKind = 'periodic' | 'anchor';

/** What a checkpoint signs: the chain of one org is intact up to `seq`, whose entry hash is `hash`. */
export interface CheckpointStatement {
  kind: CheckpointKind;
  orgId: string;
  seq: number;
  hash: string;
  createdAt: Date;
  keyId: string;
}

/** The exact bytes an Ed25519 checkpoint signature covers. */
export function checkpointMessage(c: CheckpointStatement): Buffer {
  return Buffer.from(
    canonicalJson({ v: CHAIN_VERSION, kind: c.kind, orgId: c.orgId, seq: c.seq, hash: c.hash, createdAt: c.createdAt.toISOString(), keyId: c.keyId }),
    'utf8',
  );
}
