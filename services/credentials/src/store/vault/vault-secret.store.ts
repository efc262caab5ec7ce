import nodeVault from 'node-vault';
import { CredentialsErrorCode, CredentialsException } from '../../credentials.exception';
import { compact } from '../postgres/postgres-secret.store';
import {
  type CreateSecretOptions,
  type CredentialMetadata,
  DEFAULT_MAX_VERSIONS,
  type MetadataPatch,
  ORG_ID_PATTERN,
  type RotationPolicy,
  type SecretMetadata,
  type SecretRef,
  type SecretStore,
  type SecretVersion,
  type VersionInfo,
} from '../secret-store';

export interface VaultStoreOptions {
  endpoint: string;
  /** A token, or an AppRole to log in with. */
  token?: string;
  appRole?: { roleId: string; secretId: string; mountPath?: string };
  namespace?: string;
  /** KV v2 mount (`secret` on a dev server). */
  mount: string;
  /** Path under the mount; every org gets `<prefix>/<orgId>/`. */
  prefix: string;
  timeoutMs?: number;
}

interface VaultVersionMeta {
  created_time: string;
  deletion_time: string;
  destroyed: boolean;
  version?: number;
}

interface VaultMetadata {
  created_time: string;
  updated_time: string;
  current_version: number;
  max_versions: number;
  custom_metadata: Record<string, string> | null;
  versions: Record<string, VaultVersionMeta>;
}

interface VaultFailure {
  status?: number;
  body?: { errors?: string[]; data?: { metadata?: VaultVersionMeta } };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Vault (or OpenBao) KV v2 through node-vault, with the same semantics as the built-in store.
 * Tenant isolation is the path: `<mount>/data/<prefix>/<orgId>/<credentialId>`, both segments
 * validated. Values travel only in request and response bodies; every failure is rethrown as a
 * CredentialsException carrying the HTTP status, never node-vault's error (its request config
 * holds the body) — and node-vault's debug logging, which prints written data, is switched off.
 */
export class VaultSecretStore implements SecretStore {
  readonly backend = 'vault' as const;
  private readonly vault: nodeVault.client;
  private login?: Promise<void>;

  constructor(private readonly options: VaultStoreOptions) {
    this.vault = nodeVault({
      apiVersion: 'v1',
      endpoint: options.endpoint,
      token: options.token,
      namespace: options.namespace,
      debug: () => undefined,
      requestOptions: { timeout: options.timeoutMs ?? 5000 },
    });
  }

  async create(ref: SecretRef, value: string, options: CreateSecretOptions): Promise<VersionInfo> {
    const existing = await this.call(() => this.vault.read(this.path('metadata', ref)), ref, { notFoundIsNull: true });
    if (existing) throw new CredentialsException(CredentialsErrorCode.CredentialExists, `Credential ${ref.credentialId} exists`);
    // Metadata first, so a secret never exists without its provider and policy.
    await this.call(
      () => this.vault.write(this.path('metadata', ref), { max_versions: options.maxVersions ?? DEFAULT_MAX_VERSIONS, custom_metadata: toVault(compact(options.custom)) }),
      ref,
    );
    const written = (await this.call(() => this.vault.write(this.path('data', ref), { options: { cas: 0 }, data: { value } }), ref)) as { data: VaultVersionMeta };
    return versionInfo(written.data);
  }

  async write(ref: SecretRef, value: string, options: { cas?: number } = {}): Promise<VersionInfo> {
    const meta = await this.readMetadata(ref);
    const written = (await this.call(
      () => this.vault.write(this.path('data', ref), { options: { cas: options.cas ?? meta.current_version }, data: { value } }),
      ref,
      { cas: options.cas },
    )) as { data: VaultVersionMeta };
    return versionInfo(written.data);
  }

  async read(ref: SecretRef, version?: number): Promise<SecretVersion> {
    const path = this.path('data', ref) + (version === undefined ? '' : `?version=${version}`);
    const result = (await this.call(() => this.vault.read(path), ref, { version: version ?? 0 })) as {
      data: { data: { value?: unknown } | null; metadata: VaultVersionMeta };
    };
    const v = result.data.metadata;
    if (typeof result.data.data?.value !== 'string') {
      throw new CredentialsException(CredentialsErrorCode.IntegrityFailure, `Version ${v.version} of credential ${ref.credentialId} holds no value`);
    }
    return { value: result.data.data.value, version: v.version!, createdAt: new Date(v.created_time).toISOString() };
  }

  async metadata(ref: SecretRef): Promise<SecretMetadata> {
    const m = await this.readMetadata(ref);
    const versions = Object.entries(m.versions)
      .map(([n, v]) => versionInfo({ ...v, version: Number(n) }))
      .sort((a, b) => a.version - b.version);
    return {
      createdAt: new Date(m.created_time).toISOString(),
      updatedAt: new Date(m.updated_time).toISOString(),
      latestVersion: m.current_version,
      oldestVersion: versions[0]?.version ?? 0,
      maxVersions: m.max_versions,
      versions,
      custom: fromVault(m.custom_metadata ?? {}),
    };
  }

  async updateMetadata(ref: SecretRef, patch: MetadataPatch): Promise<SecretMetadata> {
    await this.readMetadata(ref);
    const custom = Object.fromEntries(
      Object.entries(patch.custom ?? {})
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, v === null ? null : (toVault({ [k]: v } as unknown as CredentialMetadata)[k] ?? null)]),
    );
    const body: Record<string, unknown> = { custom_metadata: custom };
    if (patch.maxVersions !== undefined) body.max_versions = patch.maxVersions;
    // JSON merge patch: null removes a key, other keys are kept.
    await this.call(() => this.vault.update(this.path('metadata', ref), body), ref);
    return this.metadata(ref);
  }

  async deleteVersions(ref: SecretRef, versions: number[]): Promise<void> {
    await this.readMetadata(ref);
    await this.call(() => this.vault.write(this.path('delete', ref), { versions }), ref);
  }

  async undeleteVersions(ref: SecretRef, versions: number[]): Promise<void> {
    await this.readMetadata(ref);
    await this.call(() => this.vault.write(this.path('undelete', ref), { versions }), ref);
  }

  async destroyVersions(ref: SecretRef, versions: number[]): Promise<void> {
    await this.readMetadata(ref);
    await this.call(() => this.vault.request({ path: `/${this.path('destroy', ref)}`, method: 'PUT', json: { versions } }), ref);
  }

  async remove(ref: SecretRef): Promise<void> {
    await this.readMetadata(ref);
    await this.call(() => this.vault.delete(this.path('metadata', ref)), ref);
  }

  async ping(): Promise<void> {
    await this.ensureLogin();
    const health = (await this.vault.health().catch(() => undefined)) as { sealed?: boolean; initialized?: boolean } | undefined;
    if (!health || health.sealed || health.initialized === false) throw new Error('Vault is unreachable or sealed');
  }

  private async readMetadata(ref: SecretRef): Promise<VaultMetadata> {
    const m = (await this.call(() => this.vault.read(this.path('metadata', ref)), ref, { notFoundIsNull: true })) as { data: VaultMetadata } | null;
    // Metadata without versions is what a create interrupted between its two calls leaves behind.
    if (!m || Object.keys(m.data.versions ?? {}).length === 0) throw new CredentialsException(CredentialsErrorCode.CredentialNotFound, `No credential ${ref.credentialId}`);
    return m.data;
  }

  private path(kind: 'data' | 'metadata' | 'delete' | 'undelete' | 'destroy', ref: SecretRef): string {
    if (!ORG_ID_PATTERN.test(ref.orgId) || !UUID.test(ref.credentialId)) {
      throw new CredentialsException(CredentialsErrorCode.Invalid, 'An org id or credential id is not valid for a secret path');
    }
    return `${this.options.mount}/${kind}/${this.options.prefix}/${encodeURIComponent(ref.orgId)}/${ref.credentialId}`;
  }

  private ensureLogin(): Promise<void> {
    if (this.options.token || !this.options.appRole) return Promise.resolve();
    this.login ??= (async () => {
      const { roleId, secretId, mountPath } = this.options.appRole!;
      try {
        const result = (await this.vault.approleLogin({ role_id: roleId, secret_id: secretId, ...(mountPath ? { mount_point: mountPath } : {}) })) as {
          auth: { client_token: string };
        };
        this.vault.token = result.auth.client_token;
      } catch (e) {
        this.login = undefined;
        throw new CredentialsException(CredentialsErrorCode.StoreUnavailable, `Vault AppRole login failed (${statusOf(e) ?? 'no response'})`);
      }
    })();
    return this.login;
  }

  /** Runs one Vault call and turns any failure into a CredentialsException without the request. */
  private async call(fn: () => Promise<unknown>, ref: SecretRef, ctx: { version?: number; cas?: number; notFoundIsNull?: boolean } = {}): Promise<unknown> {
    await this.ensureLogin();
    try {
      return await fn();
    } catch (e) {
      const f = failure(e);
      if (f.status === 404) {
        if (ctx.notFoundIsNull) return null;
        const meta = f.body?.data?.metadata;
        const v = meta?.version ?? ctx.version;
        if (meta?.destroyed) throw new CredentialsException(CredentialsErrorCode.VersionDestroyed, `Version ${v} of credential ${ref.credentialId} is destroyed`);
        if (meta?.deletion_time) throw new CredentialsException(CredentialsErrorCode.VersionDeleted, `Version ${v} of credential ${ref.credentialId} is deleted`);
        if (ctx.version !== undefined) {
          await this.readMetadata(ref);
          throw new CredentialsException(CredentialsErrorCode.VersionNotFound, `Credential ${ref.credentialId} has no version ${ctx.version || '(latest)'}`);
        }
        throw new CredentialsException(CredentialsErrorCode.CredentialNotFound, `No credential ${ref.credentialId}`);
      }
      if (f.status === 400 && f.body?.errors?.some((m) => m.includes('check-and-set'))) {
        throw new CredentialsException(CredentialsErrorCode.CasMismatch, `Credential ${ref.credentialId} is not at version ${ctx.cas ?? '(expected)'}`);
      }
      throw new CredentialsException(CredentialsErrorCode.StoreUnavailable, `Vault answered ${f.status ?? 'nothing'} for credential ${ref.credentialId}`);
    }
  }
}

function failure(e: unknown): VaultFailure {
  const response = (e as { response?: { statusCode?: number; body?: VaultFailure['body'] } }).response;
  return { status: response?.statusCode, body: response?.body };
}

const statusOf = (e: unknown): number | undefined => failure(e).status;

function versionInfo(v: VaultVersionMeta): VersionInfo {
  return {
    version: v.version!,
    createdAt: new Date(v.created_time).toISOString(),
    ...(v.deletion_time ? { deletedAt: new Date(v.deletion_time).toISOString() } : {}),
    destroyed: v.destroyed,
  };
}

/** Vault's custom_metadata is a flat string map: the rotation policy travels as JSON. */
function toVault(custom: CredentialMetadata): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(custom)) {
    if (v === undefined || v === null) continue;
    out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

function fromVault(custom: Record<string, string>): CredentialMetadata {
  const out: Record<string, unknown> = { ...custom };
  if (custom.rotationPolicy) out.rotationPolicy = JSON.parse(custom.rotationPolicy) as RotationPolicy;
  return out as unknown as CredentialMetadata;
}
