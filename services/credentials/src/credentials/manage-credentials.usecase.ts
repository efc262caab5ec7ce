import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import type { z } from 'zod';
import { CredentialAudit } from '../audit/credential-audit';
import { findProvider } from '../catalogue/provider.catalogue';
import type { CredentialsConfig } from '../config';
import { CredentialsErrorCode, CredentialsException } from '../credentials.exception';
import { SECRET_STORE, type SecretMetadata, type SecretStore } from '../store/secret-store';
import { type CredentialRecord, CredentialRepository, nextRotation, type RotationMode } from './credential.repository';
import {
  bindSchema,
  createCredentialSchema,
  type CredentialView,
  listQuerySchema,
  orgQuerySchema,
  revealSchema,
  updateCredentialSchema,
  versionsSchema,
  writeVersionSchema,
} from './credential.schemas';

/** Admin actions are taken by the platform admin key for now; per-user actors come with RBAC. */
export const ADMIN_ACTOR = 'platform-admin';

function parse<S extends z.ZodType>(schema: S, input: unknown, where: string): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new ValidationError('The request is invalid', zodIssuesToDetails(r.error, where));
  return r.data;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The admin surface: create, read, change, version, reveal, bind and remove credentials. Each
 * method validates its own command and publishes its audit event; values go in, and come out
 * only through `reveal`.
 */
@Injectable()
export class ManageCredentialsUseCase {
  constructor(
    private readonly credentials: CredentialRepository,
    @Inject(SECRET_STORE) private readonly store: SecretStore,
    private readonly audit: CredentialAudit,
    @Inject(CONFIG) private readonly config: CredentialsConfig,
  ) {}

  async create(input: z.input<typeof createCredentialSchema>): Promise<CredentialView> {
    const c = parse(createCredentialSchema, input, 'body');
    const provider = findProvider(c.provider);
    if (!provider) throw new CredentialsException(CredentialsErrorCode.ProviderUnknown, `Unknown provider ${c.provider}; see GET /v1/credentials/providers`);
    const mode: RotationMode = c.rotationPolicy?.mode ?? (provider.automaticRotation ? 'automatic' : 'manual');
    if (mode === 'automatic' && !provider.automaticRotation) {
      throw new CredentialsException(CredentialsErrorCode.RotationUnsupported, `${provider.name} keys cannot be rotated through an API; use mode manual`);
    }
    const policy = {
      mode,
      intervalDays: c.rotationPolicy?.intervalDays ?? this.config.CREDENTIALS_ROTATION_DAYS,
      gracePeriodSeconds: this.grace(c.rotationPolicy?.gracePeriodSeconds),
    };
    const id = randomUUID();
    const now = new Date();
    // Registry first (it owns the unique name), then the value; a failed write removes the row again.
    const inserted = await this.credentials.insert({
      orgId: c.orgId,
      id,
      name: c.name,
      provider: c.provider,
      ownerTeam: c.ownerTeam ?? null,
      currentVersion: null,
      providerConfig: c.providerConfig ?? {},
      keyRefs: {},
      rotationMode: policy.mode,
      rotationIntervalDays: policy.intervalDays,
      gracePeriodSeconds: policy.gracePeriodSeconds,
      lastRotatedAt: null,
      nextRotationAt: nextRotation(now, policy.intervalDays, policy.mode),
    });
    if (!inserted) throw new CredentialsException(CredentialsErrorCode.CredentialExists, `A credential named ${c.name} exists in org ${c.orgId}`);
    const ref = { orgId: c.orgId, credentialId: id };
    try {
      await this.store.create(ref, c.value, {
        maxVersions: c.maxVersions,
        custom: { provider: c.provider, ownerTeam: c.ownerTeam, expiresAt: c.expiresAt, lastRotatedAt: now.toISOString(), rotationPolicy: policy },
      });
    } catch (e) {
      await this.credentials.remove(c.orgId, id);
      throw e;
    }
    await this.credentials.promote(c.orgId, id, null, 1, null);
    await this.audit.accessed(c.orgId, { credentialId: id, action: 'create', actorId: ADMIN_ACTOR, provider: c.provider, versions: [1] });
    return this.view(await this.require(c.orgId, id), await this.store.metadata(ref));
  }

  async get(orgId: string, id: string): Promise<CredentialView> {
    parse(orgQuerySchema, { orgId }, 'query');
    const record = await this.require(orgId, id);
    const metadata = await this.store.metadata({ orgId, credentialId: id });
    await this.audit.accessed(orgId, { credentialId: id, action: 'read', actorId: ADMIN_ACTOR, provider: record.provider });
    return this.view(record, metadata);
  }

  async list(input: z.input<typeof listQuerySchema>): Promise<{ credentials: CredentialView[]; next: string | null }> {
    const q = parse(listQuerySchema, input, 'query');
    const rows = await this.credentials.list(q.orgId, q.limit + 1, q.after);
    const page = rows.slice(0, q.limit);
    return { credentials: page.map((r) => this.view(r)), next: rows.length > q.limit ? page[page.length - 1].name : null };
  }

  async update(id: string, input: z.input<typeof updateCredentialSchema>): Promise<CredentialView> {
    const c = parse(updateCredentialSchema, input, 'body');
    const record = await this.require(c.orgId, id);
    const provider = findProvider(record.provider)!;
    const mode = c.rotationPolicy?.mode ?? record.rotationMode;
    if (mode === 'automatic' && !provider.automaticRotation) {
      throw new CredentialsException(CredentialsErrorCode.RotationUnsupported, `${provider.name} keys cannot be rotated through an API; use mode manual`);
    }
    const intervalDays = c.rotationPolicy?.intervalDays ?? record.rotationIntervalDays;
    const gracePeriodSeconds = c.rotationPolicy?.gracePeriodSeconds === undefined ? record.gracePeriodSeconds : this.grace(c.rotationPolicy.gracePeriodSeconds);
    const ref = { orgId: c.orgId, credentialId: id };
    const metadata = await this.store.updateMetadata(ref, {
      maxVersions: c.maxVersions,
      custom: { ownerTeam: c.ownerTeam, expiresAt: c.expiresAt, rotationPolicy: { mode, intervalDays, gracePeriodSeconds } },
    });
    await this.credentials.update(c.orgId, id, {
      ownerTeam: c.ownerTeam === undefined ? undefined : c.ownerTeam,
      providerConfig: c.providerConfig,
      rotationMode: mode,
      rotationIntervalDays: intervalDays,
      gracePeriodSeconds,
      nextRotationAt: nextRotation(record.lastRotatedAt ?? record.createdAt, intervalDays, mode),
    });
    await this.audit.accessed(c.orgId, { credentialId: id, action: 'update', actorId: ADMIN_ACTOR, provider: record.provider });
    return this.view(await this.require(c.orgId, id), metadata);
  }

  /** Writes a new value and serves it at once (no provider test): the emergency replacement. */
  async writeVersion(id: string, input: z.input<typeof writeVersionSchema>): Promise<CredentialView> {
    const c = parse(writeVersionSchema, input, 'body');
    const record = await this.require(c.orgId, id);
    const ref = { orgId: c.orgId, credentialId: id };
    const written = await this.store.write(ref, c.value, c.cas === undefined ? {} : { cas: c.cas });
    const validUntil = new Date(Date.now() + record.gracePeriodSeconds * 1000);
    await this.credentials.promote(c.orgId, id, record.currentVersion, written.version, validUntil);
    await this.store.updateMetadata(ref, { custom: { lastRotatedAt: new Date().toISOString() } });
    await this.audit.accessed(c.orgId, { credentialId: id, action: 'write', actorId: ADMIN_ACTOR, provider: record.provider, versions: [written.version] });
    await this.audit.rotated(c.orgId, {
      credentialId: id,
      provider: record.provider,
      currentVersion: written.version,
      ...(record.currentVersion ? { previousVersion: record.currentVersion, previousValidUntil: validUntil.toISOString() } : {}),
      mode: 'replace',
    });
    return this.view(await this.require(c.orgId, id), await this.store.metadata(ref));
  }

  async deleteVersions(id: string, input: z.input<typeof versionsSchema>): Promise<void> {
    const c = parse(versionsSchema, input, 'body');
    const record = await this.requireNotCurrent(c.orgId, id, c.versions);
    await this.store.deleteVersions({ orgId: c.orgId, credentialId: id }, c.versions);
    await this.audit.accessed(c.orgId, { credentialId: id, action: 'delete', actorId: ADMIN_ACTOR, provider: record.provider, versions: c.versions });
    await this.audit.revoked(c.orgId, { credentialId: id, provider: record.provider, versions: c.versions, reason: 'deleted', providerRevoked: false });
  }

  async undeleteVersions(id: string, input: z.input<typeof versionsSchema>): Promise<void> {
    const c = parse(versionsSchema, input, 'body');
    const record = await this.require(c.orgId, id);
    await this.store.undeleteVersions({ orgId: c.orgId, credentialId: id }, c.versions);
    await this.audit.accessed(c.orgId, { credentialId: id, action: 'undelete', actorId: ADMIN_ACTOR, provider: record.provider, versions: c.versions });
  }

  async destroyVersions(id: string, input: z.input<typeof versionsSchema>): Promise<void> {
    const c = parse(versionsSchema, input, 'body');
    const record = await this.requireNotCurrent(c.orgId, id, c.versions);
    await this.store.destroyVersions({ orgId: c.orgId, credentialId: id }, c.versions);
    await this.audit.accessed(c.orgId, { credentialId: id, action: 'destroy', actorId: ADMIN_ACTOR, provider: record.provider, versions: c.versions });
    await this.audit.revoked(c.orgId, { credentialId: id, provider: record.provider, versions: c.versions, reason: 'destroyed', providerRevoked: false });
  }

  async remove(orgId: string, id: string): Promise<void> {
    parse(orgQuerySchema, { orgId }, 'query');
    const record = await this.require(orgId, id);
    // Unbind first (the registry row cascades to bindings), so no lease can pick it up half removed.
    await this.credentials.remove(orgId, id);
    await this.store.remove({ orgId, credentialId: id }).catch((e: unknown) => {
      if (!(e instanceof CredentialsException && e.code === CredentialsErrorCode.CredentialNotFound)) throw e;
    });
    await this.audit.accessed(orgId, { credentialId: id, action: 'remove', actorId: ADMIN_ACTOR, provider: record.provider });
    await this.audit.revoked(orgId, { credentialId: id, provider: record.provider, versions: [], reason: 'removed', providerRevoked: false });
  }

  /** The one way a value leaves the service other than a lease: admin only, with a reason, audited first. */
  async reveal(id: string, input: z.input<typeof revealSchema>): Promise<{ credentialId: string; version: number; value: string }> {
    const c = parse(revealSchema, input, 'body');
    const record = await this.require(c.orgId, id);
    const version = c.version ?? record.currentVersion;
    if (version === null) throw new CredentialsException(CredentialsErrorCode.NoCurrentVersion, `Credential ${id} has no current version`);
    const secret = await this.store.read({ orgId: c.orgId, credentialId: id }, version);
    await this.audit.accessed(c.orgId, { credentialId: id, action: 'reveal', actorId: ADMIN_ACTOR, provider: record.provider, versions: [version], reason: c.reason });
    return { credentialId: id, version: secret.version, value: secret.value };
  }

  async bind(deployment: string, input: z.input<typeof bindSchema>): Promise<{ deployment: string; credentialId: string }> {
    const c = parse(bindSchema, input, 'body');
    const record = await this.require(c.orgId, c.credentialId);
    await this.credentials.bind(c.orgId, deployment, c.credentialId);
    await this.audit.accessed(c.orgId, { credentialId: c.credentialId, action: 'bind', actorId: ADMIN_ACTOR, provider: record.provider, deployment });
    return { deployment, credentialId: c.credentialId };
  }

  async unbind(orgId: string, deployment: string): Promise<void> {
    parse(orgQuerySchema, { orgId }, 'query');
    const credentialId = await this.credentials.unbind(orgId, deployment);
    if (!credentialId) throw new CredentialsException(CredentialsErrorCode.NoBinding, `No credential is bound to deployment ${deployment}`);
    await this.audit.accessed(orgId, { credentialId, action: 'unbind', actorId: ADMIN_ACTOR, deployment });
  }

  async bindings(orgId: string): Promise<{ bindings: { deployment: string; credentialId: string; createdAt: string }[] }> {
    parse(orgQuerySchema, { orgId }, 'query');
    return { bindings: (await this.credentials.bindings(orgId)).map((b) => ({ ...b, createdAt: b.createdAt.toISOString() })) };
  }

  private grace(requested: number | undefined): number {
    const grace = requested ?? this.config.CREDENTIALS_ROTATION_GRACE_SECONDS;
    if (grace < this.config.CREDENTIALS_LEASE_TTL_SECONDS) {
      throw new ValidationError('The request is invalid', [
        { path: 'body.rotationPolicy.gracePeriodSeconds', message: `must be at least the lease TTL (${this.config.CREDENTIALS_LEASE_TTL_SECONDS} s)` },
      ]);
    }
    return grace;
  }

  private async require(orgId: string, id: string): Promise<CredentialRecord> {
    const record = await this.credentials.find(orgId, id);
    if (!record) throw new CredentialsException(CredentialsErrorCode.CredentialNotFound, `No credential ${id}`);
    return record;
  }

  private async requireNotCurrent(orgId: string, id: string, versions: number[]): Promise<CredentialRecord> {
    const record = await this.require(orgId, id);
    if (record.currentVersion !== null && versions.includes(record.currentVersion)) {
      throw new CredentialsException(
        CredentialsErrorCode.CurrentVersionProtected,
        `Version ${record.currentVersion} is the one leases hand out; rotate or write a new version first`,
      );
    }
    return record;
  }

  view(r: CredentialRecord, m?: SecretMetadata): CredentialView {
    return {
      id: r.id,
      orgId: r.orgId,
      name: r.name,
      provider: r.provider,
      ownerTeam: r.ownerTeam,
      backend: this.store.backend,
      currentVersion: r.currentVersion,
      previousVersion: r.previousVersion,
      previousValidUntil: iso(r.previousValidUntil),
      expiresAt: m?.custom.expiresAt ?? null,
      rotation: {
        mode: r.rotationMode,
        intervalDays: r.rotationIntervalDays,
        gracePeriodSeconds: r.gracePeriodSeconds,
        lastRotatedAt: iso(r.lastRotatedAt),
        nextRotationAt: iso(r.nextRotationAt),
      },
      providerConfig: r.providerConfig,
      ...(m ? { maxVersions: m.maxVersions, versions: m.versions } : {}),
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  }
}
