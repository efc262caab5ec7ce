/** Where a secret lives: always one org's. */
export interface SecretRef {
  orgId: string;
  credentialId: string;
}

export interface RotationPolicy {
  /** automatic: a provider API creates and revokes keys; manual: people paste keys, reminders say when; none: never due. */
  mode: 'automatic' | 'manual' | 'none';
  intervalDays: number;
  gracePeriodSeconds: number;
}

/** What the platform knows about a credential besides its versions (Vault: custom_metadata). */
export interface CredentialMetadata {
  provider: string;
  ownerTeam?: string;
  expiresAt?: string;
  lastRotatedAt?: string;
  rotationPolicy?: RotationPolicy;
}

export interface VersionInfo {
  version: number;
  createdAt: string;
  deletedAt?: string;
  destroyed: boolean;
}

export interface SecretMetadata {
  createdAt: string;
  updatedAt: string;
  /** The newest version written (not necessarily the one leased: see the credential's current version). */
  latestVersion: number;
  /** The oldest version still kept; older ones were removed to keep `maxVersions`. */
  oldestVersion: number;
  maxVersions: number;
  /** Kept versions, oldest first. */
  versions: VersionInfo[];
  custom: CredentialMetadata;
}

export interface SecretVersion {
  value: string;
  version: number;
  createdAt: string;
}

export interface CreateSecretOptions {
  maxVersions?: number;
  custom: CredentialMetadata;
}

export interface MetadataPatch {
  maxVersions?: number;
  /** Merged into the stored metadata; `null` removes a field. */
  custom?: { [K in keyof CredentialMetadata]?: CredentialMetadata[K] | null };
}

export const DEFAULT_MAX_VERSIONS = 10;

/**
 * A versioned secret store with Vault KV v2 semantics, implemented by the built-in Postgres store
 * and by Vault. Both pass the same contract suite (`store/testing/secret-store.contract.ts`):
 *
 * - every write adds a version; `cas` makes it conditional on the latest version (0 = must not exist);
 * - only the newest `maxVersions` versions are kept, older ones are removed for good;
 * - versions can be soft-deleted (unreadable, restorable), undeleted, or destroyed (value gone);
 * - reading a missing, deleted or destroyed version fails with a distinct code;
 * - deleting the whole secret removes every version and the metadata.
 *
 * Errors are `CredentialsException`s naming ids and versions only. Values never reach an error,
 * a log line or a trace.
 */
export interface SecretStore {
  readonly backend: 'postgres' | 'vault';
  /** Creates the secret with its first version; `credential_exists` when it exists. */
  create(ref: SecretRef, value: string, options: CreateSecretOptions): Promise<VersionInfo>;
  /** Adds a version. With `cas`, only when the latest version is `cas` (`credential_cas_mismatch` otherwise). */
  write(ref: SecretRef, value: string, options?: { cas?: number }): Promise<VersionInfo>;
  /** A version's value (the latest when `version` is omitted). */
  read(ref: SecretRef, version?: number): Promise<SecretVersion>;
  metadata(ref: SecretRef): Promise<SecretMetadata>;
  updateMetadata(ref: SecretRef, patch: MetadataPatch): Promise<SecretMetadata>;
  deleteVersions(ref: SecretRef, versions: number[]): Promise<void>;
  undeleteVersions(ref: SecretRef, versions: number[]): Promise<void>;
  destroyVersions(ref: SecretRef, versions: number[]): Promise<void>;
  /** Removes every version and the metadata, permanently. */
  remove(ref: SecretRef): Promise<void>;
  /** Throws when the backend cannot be reached (readiness). */
  ping(): Promise<void>;
}

export const SECRET_STORE = Symbol('SECRET_STORE');

/** Org ids become path segments in Vault and AAD parts here: a conservative alphabet, no `..`. */
export const ORG_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
