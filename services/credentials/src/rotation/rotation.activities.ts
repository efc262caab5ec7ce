import { withFailureMapping } from '@ironcage/kit';
import type { CredentialAudit } from '../audit/credential-audit';
import type { CredentialRecord, CredentialRepository, RotationRecord } from '../credentials/credential.repository';
import { CredentialsErrorCode, CredentialsException } from '../credentials.exception';
import type { SecretStore } from '../store/secret-store';
import type { PromoteResult } from '../workflows/rotation.contract';
import type { RotationAdapter, RotationContext } from './adapters';

export interface RotationDeps {
  credentials: CredentialRepository;
  store: SecretStore;
  audit: Pick<CredentialAudit, 'rotated' | 'revoked' | 'rotationDue'>;
  adapters: { automatic: Map<string, RotationAdapter>; manual: RotationAdapter };
  endpoints: Record<string, string>;
  reminderRepeatDays: number;
  /** Starts the rotation workflow of a due automatic credential (the scheduler's path). */
  startRotation: (orgId: string, credentialId: string) => Promise<string>;
  /**
   * Called at the points where a crash hurts most (after a side effect, before it is recorded).
   * Production passes nothing; the crash-injection tests throw here.
   */
  checkpoint?: (name: string) => Promise<void>;
}

type Ids = { orgId: string; rotationId: string };

const DONE_TESTING = new Set(['tested', 'promoted', 'revoked', 'completed']);
const DONE_REVOKING = new Set(['revoked', 'completed']);
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The rotation stages as Temporal activities. Each one reads the rotation's recorded stage first
 * and does only what is left, so running it twice — a retry after a crash, a replayed or
 * restarted workflow — changes nothing twice. Values stay inside the activity: what goes back to
 * Temporal is versions and ids.
 */
export function createRotationActivities(deps: RotationDeps) {
  const checkpoint = (name: string) => deps.checkpoint?.(name) ?? Promise.resolve();

  async function load(ids: Ids): Promise<{ rotation: RotationRecord; credential: CredentialRecord }> {
    const rotation = await deps.credentials.findRotation(ids.orgId, ids.rotationId);
    if (!rotation) throw new CredentialsException(CredentialsErrorCode.RotationNotFound, `No rotation ${ids.rotationId}`);
    const credential = await deps.credentials.find(ids.orgId, rotation.credentialId);
    if (!credential) throw new CredentialsException(CredentialsErrorCode.CredentialNotFound, `Credential ${rotation.credentialId} was removed during its rotation`);
    return { rotation, credential };
  }

  const adapterFor = (credential: CredentialRecord, rotation: RotationRecord): RotationAdapter =>
    rotation.mode === 'automatic' ? (deps.adapters.automatic.get(credential.provider) ?? deps.adapters.manual) : deps.adapters.manual;

  async function currentValue(orgId: string, credentialId: string): Promise<string | null> {
    const c = await deps.credentials.find(orgId, credentialId);
    if (!c || c.currentVersion === null) return null;
    return (await deps.store.read({ orgId, credentialId }, c.currentVersion)).value;
  }

  async function context(credential: CredentialRecord, rotation: RotationRecord): Promise<RotationContext> {
    const rotatorId = credential.providerConfig.adminCredentialId ?? credential.providerConfig.armCredentialId;
    const known = [credential.currentVersion, credential.previousVersion]
      .filter((v): v is number => v !== null)
      .map((v) => credential.keyRefs[String(v)])
      .filter((r): r is Record<string, unknown> => !!r);
    if (rotation.pendingKeyRef) known.push(rotation.pendingKeyRef);
    return {
      credential,
      rotationId: rotation.id,
      startedAt: rotation.startedAt,
      currentSecret: await currentValue(credential.orgId, credential.id),
      rotatorSecret: typeof rotatorId === 'string' ? await currentValue(credential.orgId, rotatorId) : null,
      knownKeyRefs: known,
      endpoints: deps.endpoints,
    };
  }

  /** Versions an earlier attempt stored but never recorded hold keys that cleanup revokes: make them unreadable. */
  async function retireUnrecorded(credential: CredentialRecord): Promise<void> {
    const ref = { orgId: credential.orgId, credentialId: credential.id };
    const served = Math.max(credential.currentVersion ?? 0, credential.previousVersion ?? 0);
    const dangling = (await deps.store.metadata(ref)).versions.filter((v) => v.version > served && !v.deletedAt && !v.destroyed).map((v) => v.version);
    if (dangling.length) await deps.store.deleteVersions(ref, dangling);
  }

  return withFailureMapping({
    async createPending(ids: Ids): Promise<{ pendingVersion: number }> {
      const { rotation, credential } = await load(ids);
      if (rotation.pendingVersion !== null || rotation.finishedAt) return { pendingVersion: rotation.pendingVersion ?? 0 };
      const adapter = adapterFor(credential, rotation);
      if (!adapter.automatic) throw new CredentialsException(CredentialsErrorCode.RotationUnsupported, `${credential.provider} keys are pasted: this rotation has no pending key`);
      const ref = { orgId: ids.orgId, credentialId: credential.id };
      await retireUnrecorded(credential);
      const created = await adapter.create(await context(credential, rotation));
      await checkpoint('create-pending:provider-key-created');
      const written = await deps.store.write(ref, created.value);
      await checkpoint('create-pending:stored');
      await deps.credentials.updateRotation(ids.orgId, ids.rotationId, { pendingVersion: written.version, pendingKeyRef: created.keyRef, stage: 'pending-created' });
      return { pendingVersion: written.version };
    },

    async testPending(ids: Ids): Promise<void> {
      const { rotation, credential } = await load(ids);
      if (DONE_TESTING.has(rotation.stage) || rotation.finishedAt) return;
      if (rotation.pendingVersion === null) throw new CredentialsException(CredentialsErrorCode.RotationTestFailed, `Rotation ${rotation.id} has no pending version to test`);
      const pending = await deps.store.read({ orgId: ids.orgId, credentialId: credential.id }, rotation.pendingVersion);
      try {
        await adapterFor(credential, rotation).test(pending.value, await context(credential, rotation));
      } catch (e) {
        if (e instanceof CredentialsException && e.code === CredentialsErrorCode.ProviderRejected) {
          throw new CredentialsException(CredentialsErrorCode.RotationTestFailed, `The pending key did not work: ${e.message}`);
        }
        throw e;
      }
      await checkpoint('test-pending:tested');
      await deps.credentials.updateRotation(ids.orgId, ids.rotationId, { stage: 'tested' });
    },

    async promote(ids: Ids): Promise<PromoteResult> {
      const { rotation, credential } = await load(ids);
      const pending = rotation.pendingVersion!;
      if (!rotation.finishedAt && credential.currentVersion !== pending) {
        if (credential.currentVersion !== rotation.fromVersion) {
          throw new CredentialsException(
            CredentialsErrorCode.RotationInProgress,
            `Credential ${credential.id} moved to version ${credential.currentVersion} during the rotation; not promoting ${pending}`,
          );
        }
        const validUntil = new Date(Date.now() + credential.gracePeriodSeconds * 1000);
        await deps.credentials.promote(ids.orgId, credential.id, rotation.fromVersion, pending, validUntil, rotation.pendingKeyRef ?? undefined);
        await checkpoint('promote:promoted');
      }
      const now = await deps.credentials.find(ids.orgId, credential.id);
      await deps.store.updateMetadata({ orgId: ids.orgId, credentialId: credential.id }, { custom: { lastRotatedAt: (now?.lastRotatedAt ?? new Date()).toISOString() } });
      const previousValidUntil = now?.previousVersion === rotation.fromVersion ? now?.previousValidUntil : null;
      await deps.audit.rotated(
        ids.orgId,
        {
          credentialId: credential.id,
          provider: credential.provider,
          currentVersion: pending,
          ...(rotation.fromVersion ? { previousVersion: rotation.fromVersion } : {}),
          rotationId: rotation.id,
          ...(previousValidUntil ? { previousValidUntil: previousValidUntil.toISOString() } : {}),
          mode: rotation.mode,
        },
        `${rotation.id}.rotated`,
      );
      if (!rotation.promotedAt) await deps.credentials.updateRotation(ids.orgId, ids.rotationId, { stage: 'promoted', promotedAt: new Date() });
      return { currentVersion: pending, previousVersion: rotation.fromVersion, revokeAt: previousValidUntil ? previousValidUntil.getTime() : null };
    },

    async revokePrevious(ids: Ids): Promise<void> {
      const { rotation, credential } = await load(ids);
      if (DONE_REVOKING.has(rotation.stage) || rotation.finishedAt) return;
      const previous = rotation.fromVersion;
      if (previous !== null && previous !== credential.currentVersion) {
        const adapter = adapterFor(credential, rotation);
        const keyRef = credential.keyRefs[String(previous)];
        if (adapter.automatic && keyRef) await adapter.revoke(keyRef, await context(credential, rotation));
        await checkpoint('revoke-previous:provider-revoked');
        await deps.store.deleteVersions({ orgId: ids.orgId, credentialId: credential.id }, [previous]);
        await deps.credentials.clearPrevious(ids.orgId, credential.id, previous);
        await deps.audit.revoked(
          ids.orgId,
          { credentialId: credential.id, provider: credential.provider, versions: [previous], reason: 'rotated', providerRevoked: adapter.automatic && !!keyRef, rotationId: rotation.id },
          `${rotation.id}.revoked`,
        );
      }
      await deps.credentials.updateRotation(ids.orgId, ids.rotationId, { stage: 'revoked' });
    },

    async completeRotation(ids: Ids): Promise<void> {
      const { rotation } = await load(ids);
      if (rotation.finishedAt) return;
      await deps.credentials.updateRotation(ids.orgId, ids.rotationId, { stage: 'completed', finishedAt: new Date(), outcome: 'completed' });
    },

    /** The pending key failed (or could not be made): take it back everywhere; the current one stays. */
    async abortRotation(ids: Ids & { reason: string }): Promise<void> {
      const { rotation, credential } = await load(ids);
      if (rotation.finishedAt) return;
      const adapter = adapterFor(credential, rotation);
      if (adapter.automatic) {
        const ctx = await context(credential, rotation);
        if (rotation.pendingKeyRef) await adapter.revoke(rotation.pendingKeyRef, ctx);
        await adapter.cleanup({ ...ctx, knownKeyRefs: ctx.knownKeyRefs.filter((r) => r !== rotation.pendingKeyRef) });
      }
      if (rotation.pendingVersion !== null && rotation.pendingVersion !== credential.currentVersion) {
        await deps.store.deleteVersions({ orgId: ids.orgId, credentialId: credential.id }, [rotation.pendingVersion]);
      }
      if (adapter.automatic) await retireUnrecorded(credential);
      await deps.credentials.updateRotation(ids.orgId, ids.rotationId, { stage: 'aborted', finishedAt: new Date(), outcome: 'aborted', error: ids.reason.slice(0, 1000) });
    },

    /** One batch of due credentials: reminders for manual ones, rotations for automatic ones. */
    async remindDue(input: { batchSize: number }): Promise<{ checked: number; reminded: number; rotationsStarted: number }> {
      const now = new Date();
      const due = await deps.credentials.findDue(now, new Date(now.getTime() - deps.reminderRepeatDays * DAY_MS), input.batchSize);
      let reminded = 0;
      let rotationsStarted = 0;
      for (const c of due) {
        if (c.rotationMode === 'automatic' && deps.adapters.automatic.has(c.provider)) {
          if (!(await deps.credentials.openRotation(c.orgId, c.id))) {
            await deps.startRotation(c.orgId, c.id);
            rotationsStarted += 1;
          }
        } else {
          await deps.audit.rotationDue(
            c.orgId,
            {
              credentialId: c.id,
              name: c.name,
              provider: c.provider,
              ...(c.ownerTeam ? { ownerTeam: c.ownerTeam } : {}),
              dueAt: c.nextRotationAt!.toISOString(),
              ...(c.lastRotatedAt ? { lastRotatedAt: c.lastRotatedAt.toISOString() } : {}),
              intervalDays: c.rotationIntervalDays,
            },
            `${c.id}.due.${now.toISOString().slice(0, 10)}`,
          );
          reminded += 1;
        }
        await deps.credentials.update(c.orgId, c.id, { lastRemindedAt: now });
      }
      return { checked: due.length, reminded, rotationsStarted };
    },
  });
}

export type RotationActivities = ReturnType<typeof createRotationActivities>;
