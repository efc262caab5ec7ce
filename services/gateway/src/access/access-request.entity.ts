import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type AccessRequestStatus = 'pending' | 'approved' | 'denied';
export type AccessLayer = 'org' | 'team' | 'project' | 'key';

/** A key holder's request to use a model; a team admin approves or denies it. */
@Entity({ name: 'access_requests' })
export class AccessRequestEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ name: 'key_id', type: 'uuid' })
  keyId!: string;

  @Column({ name: 'team_id', type: 'uuid' })
  teamId!: string;

  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId!: string | null;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ type: 'text' })
  model!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text' })
  status!: AccessRequestStatus;

  /** Layers whose rules refused the model when the request was made. */
  @Column({ name: 'denied_by', type: 'text', array: true })
  deniedBy!: AccessLayer[];

  /** Layers whose allowed models the approval extended. */
  @Column({ name: 'granted_at', type: 'text', array: true, default: () => "'{}'" })
  grantedAt!: AccessLayer[];

  @Column({ name: 'granted_pattern', type: 'text', nullable: true })
  grantedPattern!: string | null;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decision_note', type: 'text', nullable: true })
  decisionNote!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
