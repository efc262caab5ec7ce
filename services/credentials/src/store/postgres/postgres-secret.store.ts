import type { DataSource, EntityManager } from 'typeorm';
import { open, seal, secretAad } from '../../crypto/aead';
import { CredentialsErrorCode, CredentialsException } from '../../credentials.exception';
import {
  type CreateSecretOptions,
  type CredentialMetadata,
  DEFAULT_MAX_VERSIONS,
  type MetadataPatch,
  type SecretMetadata,
  type SecretRef,
  type SecretStore,
  type SecretVersion,
  type VersionInfo,
} from '../secret-store';
import type { DataKeyRing } from './data-key.ring';

interface VersionRow {
  version: number;
  data_key_id: string | null;
  ciphertext: Buffer | null;
  created_at: Date;
  deleted_at: Date | null;
  destroyed: boolean;
}

const info = (r: Pick<VersionRow, 'version' | 'created_at' | 'deleted_at' | 'destroyed'>): VersionInfo => ({
  version: r.version,
  createdAt: r.created_at.toISOString(),
  ...(r.deleted_at ? { deletedAt: r.deleted_at.toISOString() } : {}),
  destroyed: r.destroyed,
});

const notFound = (ref: SecretRef) => new CredentialsException(CredentialsErrorCode.CredentialNotFound, `No credential ${ref.credentialId}`);

/**
 * The built-in store: versions in Postgres, each sealed with AES-256-GCM by its org's data key,
 * bound by AAD to org, credential, version and data key. Every statement filters by org id.
 */
export class PostgresSecretStore implements SecretStore {
  readonly backend = 'postgres' as const;

  constructor(
    private readonly db: DataSource,
    private readonly keys: DataKeyRing,
  ) {}

  async create(ref: SecretRef, value: string, options: CreateSecretOptions): Promise<VersionInfo> {
    const dataKey = await this.keys.active(ref.orgId);
    return this.db.transaction(async (m) => {
      const created = (await m.query(
        `INSERT INTO secrets (org_id, credential_id, latest_version, max_versions, custom) VALUES ($1, $2, 1, $3, $4)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [ref.orgId, ref.credentialId, options.maxVersions ?? DEFAULT_MAX_VERSIONS, JSON.stringify(compact(options.custom))],
      )) as unknown[];
      if (created.length === 0) throw new CredentialsException(CredentialsErrorCode.CredentialExists, `Credential ${ref.credentialId} exists`);
      return this.insertVersion(m, ref, 1, value, dataKey);
    });
  }

  async write(ref: SecretRef, value: string, options: { cas?: number } = {}): Promise<VersionInfo> {
    const dataKey = await this.keys.active(ref.orgId);
    return this.db.transaction(async (m) => {
      // UPDATE … RETURNING comes back from TypeORM as [rows, affected]
      const [[bumped]] = (await m.query(
        `UPDATE secrets SET latest_version = latest_version + 1, updated_at = now()
         WHERE org_id = $1 AND credential_id = $2 AND ($3::int IS NULL OR latest_version = $3)
         RETURNING latest_version, max_versions`,
        [ref.orgId, ref.credentialId, options.cas ?? null],
      )) as [{ latest_version: number; max_versions: number }[], number];
      if (!bumped) {
        const [row] = (await m.query(`SELECT latest_version FROM secrets WHERE org_id = $1 AND credential_id = $2`, [ref.orgId, ref.credentialId])) as {
          latest_version: number;
        }[];
        if (!row) throw notFound(ref);
        throw new CredentialsException(CredentialsErrorCode.CasMismatch, `Credential ${ref.credentialId} is at version ${row.latest_version}, not ${options.cas}`);
      }
      const written = await this.insertVersion(m, ref, bumped.latest_version, value, dataKey);
      await m.query(`DELETE FROM secret_versions WHERE org_id = $1 AND credential_id = $2 AND version <= $3`, [
        ref.orgId,
        ref.credentialId,
        bumped.latest_version - bumped.max_versions,
      ]);
      return written;
    });
  }

  async read(ref: SecretRef, version?: number): Promise<SecretVersion> {
    const [row] = (await this.db.query(
      `SELECT v.version, v.data_key_id, v.ciphertext, v.created_at, v.deleted_at, v.destroyed
       FROM secrets s JOIN secret_versions v ON v.org_id = s.org_id AND v.credential_id = s.credential_id
       WHERE s.org_id = $1 AND s.credential_id = $2 AND v.version = COALESCE($3::int, s.latest_version)`,
      [ref.orgId, ref.credentialId, version ?? null],
    )) as VersionRow[];
    if (!row) {
      await this.requireSecret(this.db.manager, ref);
      throw new CredentialsException(CredentialsErrorCode.VersionNotFound, `Credential ${ref.credentialId} has no version ${version ?? '(latest)'}`);
    }
    if (row.destroyed) throw new CredentialsException(CredentialsErrorCode.VersionDestroyed, `Version ${row.version} of credential ${ref.credentialId} is destroyed`);
    if (row.deleted_at) throw new CredentialsException(CredentialsErrorCode.VersionDeleted, `Version ${row.version} of credential ${ref.credentialId} is deleted`);
    const key = await this.keys.get(ref.orgId, row.data_key_id!);
    const plain = open(key, row.ciphertext!, secretAad(ref.orgId, ref.credentialId, row.version, row.data_key_id!));
    return { value: plain.toString('utf8'), version: row.version, createdAt: row.created_at.toISOString() };
  }

  async metadata(ref: SecretRef): Promise<SecretMetadata> {
    const [secret] = (await this.db.query(
      `SELECT latest_version, max_versions, custom, created_at, updated_at FROM secrets WHERE org_id = $1 AND credential_id = $2`,
      [ref.orgId, ref.credentialId],
    )) as { latest_version: number; max_versions: number; custom: CredentialMetadata; created_at: Date; updated_at: Date }[];
    if (!secret) throw notFound(ref);
    const versions = (await this.db.query(
      `SELECT version, created_at, deleted_at, destroyed FROM secret_versions WHERE org_id = $1 AND credential_id = $2 ORDER BY version`,
      [ref.orgId, ref.credentialId],
    )) as VersionRow[];
    return {
      createdAt: secret.created_at.toISOString(),
      updatedAt: secret.updated_at.toISOString(),
      latestVersion: secret.latest_version,
      oldestVersion: versions[0]?.version ?? 0,
      maxVersions: secret.max_versions,
      versions: versions.map(info),
      custom: secret.custom,
    };
  }

  async updateMetadata(ref: SecretRef, patch: MetadataPatch): Promise<SecretMetadata> {
    const set = Object.entries(patch.custom ?? {}).filter(([, v]) => v !== null && v !== undefined);
    const unset = Object.entries(patch.custom ?? {})
      .filter(([, v]) => v === null)
      .map(([k]) => k);
    const updated = (await this.db.query(
      `UPDATE secrets SET custom = (custom || $3::jsonb) - $4::text[], max_versions = COALESCE($5, max_versions), updated_at = now()
       WHERE org_id = $1 AND credential_id = $2 RETURNING 1`,
      [ref.orgId, ref.credentialId, JSON.stringify(Object.fromEntries(set)), unset, patch.maxVersions ?? null],
    )) as [unknown[], number];
    if (updated[1] === 0) throw notFound(ref);
    return this.metadata(ref);
  }

  async deleteVersions(ref: SecretRef, versions: number[]): Promise<void> {
    await this.mutateVersions(ref, versions, `deleted_at = now()`, `deleted_at IS NULL AND NOT destroyed`);
  }

  async undeleteVersions(ref: SecretRef, versions: number[]): Promise<void> {
    await this.mutateVersions(ref, versions, `deleted_at = NULL`, `NOT destroyed`);
  }

  async destroyVersions(ref: SecretRef, versions: number[]): Promise<void> {
    // The ciphertext goes too: a destroyed version cannot come back, whatever happens to the keys.
    await this.mutateVersions(ref, versions, `destroyed = true, ciphertext = NULL, data_key_id = NULL`, `NOT destroyed`);
  }

  async remove(ref: SecretRef): Promise<void> {
    const removed = (await this.db.query(`DELETE FROM secrets WHERE org_id = $1 AND credential_id = $2`, [ref.orgId, ref.credentialId])) as [unknown[], number];
    if (removed[1] === 0) throw notFound(ref);
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  private async mutateVersions(ref: SecretRef, versions: number[], set: string, where: string): Promise<void> {
    await this.db.transaction(async (m) => {
      await this.requireSecret(m, ref);
      await m.query(`UPDATE secret_versions SET ${set} WHERE org_id = $1 AND credential_id = $2 AND version = ANY($3::int[]) AND ${where}`, [
        ref.orgId,
        ref.credentialId,
        versions,
      ]);
      await m.query(`UPDATE secrets SET updated_at = now() WHERE org_id = $1 AND credential_id = $2`, [ref.orgId, ref.credentialId]);
    });
  }

  private async requireSecret(m: EntityManager, ref: SecretRef): Promise<void> {
    const rows = (await m.query(`SELECT 1 FROM secrets WHERE org_id = $1 AND credential_id = $2`, [ref.orgId, ref.credentialId])) as unknown[];
    if (rows.length === 0) throw notFound(ref);
  }

  private async insertVersion(m: EntityManager, ref: SecretRef, version: number, value: string, dataKey: { id: string; key: Buffer }): Promise<VersionInfo> {
    const ciphertext = seal(dataKey.key, Buffer.from(value, 'utf8'), secretAad(ref.orgId, ref.credentialId, version, dataKey.id));
    const [row] = (await m.query(
      `INSERT INTO secret_versions (org_id, credential_id, version, data_key_id, ciphertext) VALUES ($1, $2, $3, $4, $5)
       RETURNING version, created_at, deleted_at, destroyed`,
      [ref.orgId, ref.credentialId, version, dataKey.id, ciphertext],
    )) as VersionRow[];
    return info(row);
  }
}

/** Drops undefined fields so both backends store the same shape. */
export function compact(custom: CredentialMetadata): CredentialMetadata {
  return Object.fromEntries(Object.entries(custom).filter(([, v]) => v !== undefined && v !== null)) as CredentialMetadata;
}
