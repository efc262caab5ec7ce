import type { PersistenceOptions } from '@ironcage/kit';
import { ApprovalEntity } from './approvals/approval.entity';
import { guardrailsMigrations } from './migrations';
import { ActivePolicyEntity, PolicyVersionEntity } from './policies/policy.entities';

/** Guardrails owns the `guardrails` schema: policy versions, active versions, approvals. */
export const guardrailsPersistence: PersistenceOptions = {
  schema: 'guardrails',
  entities: [PolicyVersionEntity, ActivePolicyEntity, ApprovalEntity],
  migrations: guardrailsMigrations,
};
