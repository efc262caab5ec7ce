import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A held action and its decision; the approval workflow writes it, REST reads it (per org). */
@Entity({ name: 'approvals' })
export class ApprovalEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ type: 'text' })
  kind!: 'tool' | 'prompt';

  @Column({ type: 'text', nullable: true })
  tool!: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  principal!: Record<string, string> | null;

  @Column({ type: 'text' })
  risk!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'arguments_preview', type: 'text', nullable: true })
  argumentsPreview!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  approvers!: string[] | null;

  @Column({ type: 'text' })
  status!: 'pending' | 'approved' | 'denied' | 'expired';

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;
}
