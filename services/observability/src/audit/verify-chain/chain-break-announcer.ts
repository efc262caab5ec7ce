import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EventPublisher } from '@ironcage/bus';
import { type AuditChainBroken, auditChainBrokenEvent } from '@ironcage/contracts';
import { AuditRepository } from '../audit.repository';
import type { ChainVerification } from './verify-chain.usecase';

export type ChainVerifiedBy = AuditChainBroken['verifiedBy'];

/**
 * What became of a broken chain's announcement: `published` (stored on the bus now), `duplicate`
 * (JetStream had it already, inside its de-duplication window) or `known` (the audit trail holds
 * the announcement already, so the break was announced before the window).
 */
export type ChainBreakAnnouncement = 'published' | 'duplicate' | 'known';

/**
 * What identifies a break: the first problem of the walk (kind and sequence), else the first
 * checkpoint whose signature does not hold, else the anchor's. Verifying the same break again
 * yields the same key; a new, different break yields another.
 */
export function chainBreakKey(v: ChainVerification): string {
  if (v.problem) return `${v.problem.kind}:${v.problem.seq}`;
  if (v.checkpoints.firstInvalid) return `checkpoint:${v.checkpoints.firstInvalid.kind}:${v.checkpoints.firstInvalid.seq}`;
  return `anchor:${v.anchor?.seq ?? 0}:${v.anchor?.signature ?? 'invalid'}`;
}

/** The event id of a break (also its Nats-Msg-Id): fixed length whatever the org id. */
export const chainBreakEventId = (orgId: string, v: ChainVerification): string =>
  `audit-chain-broken:${createHash('sha256').update(`${orgId}\n${chainBreakKey(v)}`).digest('hex').slice(0, 40)}`;

export function chainBrokenData(v: ChainVerification, verifiedBy: ChainVerifiedBy): AuditChainBroken {
  const first = v.checkpoints.firstInvalid;
  return {
    problem: v.problem ? { kind: v.problem.kind, seq: v.problem.seq, entryId: v.problem.entryId, message: v.problem.message.slice(0, 1024) } : null,
    checkpoints: {
      checked: v.checkpoints.checked,
      invalid: v.checkpoints.checked - v.checkpoints.valid,
      firstInvalid: first ? { kind: first.kind, seq: first.seq, keyId: first.keyId.slice(0, 256), signature: first.signature } : null,
    },
    anchor: v.anchor ? { seq: v.anchor.seq, signature: v.anchor.signature } : null,
    head: v.head ? { seq: v.head.seq } : null,
    entriesVerified: v.entries.verified,
    detectedAt: v.verifiedAt,
    verifiedBy,
  };
}

/**
 * Publishes `audit.chain-broken` for a verification that found the chain broken — once per break:
 * the event id is derived from the org and the break, so JetStream drops a repeat inside its
 * de-duplication window, and past it the audit trail (which records every event, this one
 * included, under its id) tells that the break was announced already.
 */
@Injectable()
export class ChainBreakAnnouncer {
  private readonly logger = new Logger(ChainBreakAnnouncer.name);

  constructor(
    private readonly events: EventPublisher,
    private readonly audit: AuditRepository,
  ) {}

  async announce(v: ChainVerification, verifiedBy: ChainVerifiedBy): Promise<ChainBreakAnnouncement> {
    const id = chainBreakEventId(v.orgId, v);
    if (await this.audit.hasEvent(v.orgId, id)) return 'known';
    const result = await this.events.publish(auditChainBrokenEvent, chainBrokenData(v, verifiedBy), { orgId: v.orgId, id });
    if (!result.duplicate) {
      this.logger.warn({ msg: 'audit chain broken', orgId: v.orgId, eventId: id, break: chainBreakKey(v), verifiedBy, problem: v.problem?.message });
    }
    return result.duplicate ? 'duplicate' : 'published';
  }
}
