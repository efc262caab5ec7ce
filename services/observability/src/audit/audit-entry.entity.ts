import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AuditActor } from './chain/audit-chain';

/**
 * One audit entry per platform event and org, recorded exactly once (unique per org and event id)
 * and linked into its org's hash chain (chain/audit-chain.ts). Append-only: retention deletes a
 * prefix of a chain; an erasure replaces personal fields by pseudonyms and drops the salt.
 */
@Entity({ name: 'audit_entries' })
@Index('audit_entries_org_chain', ['orgId', 'chainSeq'], { unique: true })
@Index('audit_entries_org_event', ['orgId', 'eventId'], { unique: true })
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  /** Position in the org's chain, from 1; also the pagination cursor. */
  @Column({ name: 'chain_seq', type: 'bigint' })
  chainSeq!: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ name: 'trace_id', type: 'text', nullable: true })
  traceId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  actor!: AuditActor | null;

  @Column({ type: 'text', nullable: true })
  resource!: string | null;

  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash!: string;

  @Column({ type: 'text' })
  hash!: string;

  @Column({ name: 'personal_salt', type: 'bytea', nullable: true })
  personalSalt!: Buffer | null;

  @Column({ name: 'personal_digest', type: 'text' })
  personalDigest!: string;

  @Column({ name: 'erasure_id', type: 'text', nullable: true })
  erasureId!: string | null;
}
