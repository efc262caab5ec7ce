import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, TemporalClient, ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { z } from 'zod';
import { CredentialAudit } from '../audit/credential-audit';
import type { CredentialsConfig } from '../config';
import { CredentialsErrorCode, CredentialsException } from '../credentials.exception';
import { type CredentialRecord, CredentialRepository, type RotationRecord } from '../credentials/credential.repository';
import { orgIdSchema, secretValueSchema } from '../credentials/credential.schemas';
import { ADMIN_ACTOR } from '../credentials/manage-credentials.usecase';
import { SECRET_STORE, type SecretStore } from '../store/secret-store';
import { ROTATE_CREDENTIAL_WORKFLOW, type RotateCredentialInput, rotationWorkflowId } from '../workflows/rotation.contract';
import { ROTATION_ADAPTERS, type Adapters } from './rotation.tokens';

export const startRotationSchema = z.object({
  orgId: orgIdSchema,
  value: secretValueSchema.optional().describe('The new key, for providers without a key API ("paste the new key"); omit for automatic rotation'),
});

export interface RotationView {
  rotationId: string;
  credentialId: string;
  mode: 'automatic' | 'manual';
  stage: string;
  fromVersion: number | null;
  pendingVersion: number | null;
  startedAt: string;
  promotedAt: string | null;
  finishedAt: string | null;
  outcome: string | null;
  error: string | null;
}

export const toRotationView = (r: RotationRecord): RotationView => ({
  rotationId: r.id,
  credentialId: r.credentialId,
  mode: r.mode,
  stage: r.stage,
  fromVersion: r.fromVersion,
  pendingVersion: r.pendingVersion,
  startedAt: r.startedAt.toISOString(),
  promotedAt: r.promotedAt?.toISOString() ?? null,
  finishedAt: r.finishedAt?.toISOString() ?? null,
  outcome: r.outcome,
  error: r.error,
});

/**
 * Starts a rotation: automatic (the provider API makes the key) or manual (a pasted key is stored
 * as the pending version first, so the workflow only ever carries ids). The rotation row is the
 * workflow's state; one open rotation per credential.
 */
@Injectable()
export class StartRotationUseCase {
  constructor(
    private readonly credentials: CredentialRepository,
    @Inject(SECRET_STORE) private readonly store: SecretStore,
    private readonly audit: CredentialAudit,
    private readonly temporal: TemporalClient,
    @Inject(ROTATION_ADAPTERS) private readonly adapters: Adapters,
    @Inject(CONFIG) private readonly config: CredentialsConfig,
  ) {}

  async start(credentialId: string, input: z.input<typeof startRotationSchema>, actorId = ADMIN_ACTOR): Promise<RotationView> {
    const parsed = startRotationSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError('The request is invalid', zodIssuesToDetails(parsed.error, 'body'));
    const { orgId, value } = parsed.data;
    const credential = await this.require(orgId, credentialId);
    const mode = value === undefined ? 'automatic' : 'manual';
    if (mode === 'automatic' && !this.adapters.automatic.has(credential.provider)) {
      throw new CredentialsException(CredentialsErrorCode.RotationUnsupported, `${credential.provider} keys cannot be created through an API: send the new key as value`);
    }
    const rotationId = randomUUID();
    const inserted = await this.credentials.insertRotation({
      orgId,
      id: rotationId,
      credentialId,
      mode,
      stage: 'started',
      fromVersion: credential.currentVersion,
      pendingVersion: null,
    });
    if (!inserted) throw new CredentialsException(CredentialsErrorCode.RotationInProgress, `Credential ${credentialId} is being rotated already`);
    let pendingVersion: number | null = null;
    if (value !== undefined) {
      try {
        pendingVersion = (await this.store.write({ orgId, credentialId }, value)).version;
      } catch (e) {
        await this.credentials.updateRotation(orgId, rotationId, { stage: 'aborted', finishedAt: new Date(), outcome: 'aborted', error: 'the pasted key could not be stored' });
        throw e;
      }
      await this.credentials.updateRotation(orgId, rotationId, { pendingVersion, stage: 'pending-created' });
    }
    await this.audit.accessed(orgId, {
      credentialId,
      action: 'rotation-started',
      actorId,
      provider: credential.provider,
      ...(pendingVersion ? { versions: [pendingVersion] } : {}),
    });
    await this.launch(orgId, rotationId);
    return toRotationView((await this.credentials.findRotation(orgId, rotationId))!);
  }

  /** Starts the workflow of an unfinished rotation again (after it failed): its stages pick up where they stopped. */
  async resume(orgId: string, credentialId: string, rotationId: string): Promise<RotationView> {
    const rotation = await this.credentials.findRotation(orgId, rotationId);
    if (!rotation || rotation.credentialId !== credentialId) throw new CredentialsException(CredentialsErrorCode.RotationNotFound, `No rotation ${rotationId}`);
    if (!rotation.finishedAt) await this.launch(orgId, rotationId);
    return toRotationView(rotation);
  }

  async get(orgId: string, credentialId: string, rotationId: string): Promise<RotationView> {
    const rotation = await this.credentials.findRotation(orgId, rotationId);
    if (!rotation || rotation.credentialId !== credentialId) throw new CredentialsException(CredentialsErrorCode.RotationNotFound, `No rotation ${rotationId}`);
    return toRotationView(rotation);
  }

  async list(orgId: string, credentialId: string): Promise<{ rotations: RotationView[] }> {
    await this.require(orgId, credentialId);
    return { rotations: (await this.credentials.listRotations(orgId, credentialId)).map(toRotationView) };
  }

  private async launch(orgId: string, rotationId: string): Promise<void> {
    const args: [RotateCredentialInput] = [{ orgId, rotationId, activityTimeoutSeconds: this.config.CREDENTIALS_ROTATION_ACTIVITY_TIMEOUT_SECONDS }];
    try {
      await this.temporal.raw.workflow.start(ROTATE_CREDENTIAL_WORKFLOW, {
        taskQueue: this.temporal.taskQueue,
        workflowId: this.temporal.scopedId(rotationWorkflowId(orgId, rotationId)),
        args,
      });
    } catch (e) {
      // Already running (a resume racing the first start): that run will finish the job.
      if ((e as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw e;
    }
  }

  private async require(orgId: string, id: string): Promise<CredentialRecord> {
    const record = await this.credentials.find(orgId, id);
    if (!record) throw new CredentialsException(CredentialsErrorCode.CredentialNotFound, `No credential ${id}`);
    return record;
  }
}
