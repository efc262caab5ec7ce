/** Names shared by the rotation workflows, their starters and the reminder schedule. */
export const CREDENTIALS_TASK_QUEUE = 'credentials';
export const ROTATE_CREDENTIAL_WORKFLOW = 'rotateCredentialWorkflow';
export const ROTATION_REMINDERS_WORKFLOW = 'rotationRemindersWorkflow';
export const ROTATION_REMINDERS_SCHEDULE_ID = 'credentials-rotation-reminders';
export const rotationWorkflowId = (orgId: string, rotationId: string) => `credential-rotation-${orgId}-${rotationId}`;

export interface RotateCredentialInput {
  orgId: string;
  rotationId: string;
  /** Activity start-to-close timeout; short in tests so a killed worker's attempt is retried fast. */
  activityTimeoutSeconds?: number;
}

export interface RotateCredentialResult {
  outcome: 'completed' | 'aborted';
  currentVersion: number | null;
  reason?: string;
}

export interface PromoteResult {
  currentVersion: number;
  previousVersion: number | null;
  /** Epoch ms after which the previous version is revoked. */
  revokeAt: number | null;
}

export interface RotationRemindersInput {
  /** Credentials checked per activity call. */
  batchSize?: number;
}
