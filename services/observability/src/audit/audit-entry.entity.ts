import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One audit entry per platform event, recorded exactly once (unique event id). Append-only:
 * nothing updates a row; retention deletes whole ranges.
 */
@Entity({ name: 'audit_entries' })
@Index('audit_entries_org_seq', ['orgId', 'seq'])
@Index('audit_entries_org_trace', ['orgId', 'traceId'])
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Global insertion order; the pagination cursor. */
  @Column({ type: 'bigint', insert: false, update: false, unique: true })
  seq!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ name: 'event_id', type: 'text', unique: true })
  eventId!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ name: 'trace_id', type: 'text', nullable: true })
  traceId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  actor!: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  resource!: string | null;

  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;
}
