import { ApplicationFailure, ActivityFailure, proxyActivities, sleep } from '@temporalio/workflow';
import type { RotationActivities } from '../rotation/rotation.activities';
import type { RotateCredentialInput, RotateCredentialResult } from './rotation.contract';

function reasonOf(e: unknown): string {
  const cause = e instanceof ActivityFailure ? e.cause : e;
  return cause instanceof Error ? cause.message : String(cause);
}

function isPermanent(e: unknown): boolean {
  const cause = e instanceof ActivityFailure ? e.cause : e;
  return cause instanceof ApplicationFailure && cause.nonRetryable === true;
}

/**
 * One rotation, in explicit stages: create pending → test pending → promote (previous kept for the
 * grace period) → revoke previous. The stages' state lives in the rotations table, and each
 * activity checks it before acting, so the workflow can be replayed, retried or started again for
 * the same rotation after any crash and converges. A pending key that cannot be created or does
 * not work aborts the rotation; the current key is untouched until a tested one replaces it.
 */
export async function rotateCredentialWorkflow(input: RotateCredentialInput): Promise<RotateCredentialResult> {
  const acts = proxyActivities<RotationActivities>({
    startToCloseTimeout: `${input.activityTimeoutSeconds ?? 60} seconds`,
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 30 },
  });
  const ids = { orgId: input.orgId, rotationId: input.rotationId };
  try {
    await acts.createPending(ids);
    await acts.testPending(ids);
  } catch (e) {
    if (!isPermanent(e)) throw e;
    await acts.abortRotation({ ...ids, reason: reasonOf(e) });
    return { outcome: 'aborted', currentVersion: null, reason: reasonOf(e) };
  }
  const promoted = await acts.promote(ids);
  // Date.now() is the workflow's deterministic clock; the timer survives worker restarts.
  if (promoted.revokeAt !== null && promoted.revokeAt > Date.now()) await sleep(promoted.revokeAt - Date.now());
  await acts.revokePrevious(ids);
  await acts.completeRotation(ids);
  return { outcome: 'completed', currentVersion: promoted.currentVersion };
}
