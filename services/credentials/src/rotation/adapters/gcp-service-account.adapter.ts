import { sign } from 'node:crypto';
import { CredentialsErrorCode, CredentialsException } from '../../credentials.exception';
import { type CreatedKey, isStatus, providerCall, type RotationAdapter, type RotationContext, requireConfig } from './rotation-adapter';

/** The fields of a Google credentials file (`TYPE_GOOGLE_CREDENTIALS_FILE`) a rotation uses. */
interface KeyFile {
  type: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  token_uri?: string;
}

interface ServiceAccountKey {
  name: string;
  privateKeyData?: string;
  validAfterTime?: string;
  keyType?: string;
}

const DEFAULT_TOKEN_URI = 'https://oauth2.googleapis.com/token';
const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
/** Keys newer than the rotation's start (less this much clock skew) that nobody recorded are the rotation's own leftovers. */
const SKEW_MS = 60_000;

const iam = (ctx: RotationContext) => (ctx.endpoints['gcp-iam'] ?? 'https://iam.googleapis.com').replace(/\/$/, '');
const keyId = (name: string) => name.slice(name.lastIndexOf('/') + 1);
const b64url = (v: string | Buffer) => Buffer.from(v).toString('base64url');

function parseKeyFile(value: string | null, what: string): KeyFile {
  let k: Partial<KeyFile> = {};
  try {
    k = JSON.parse(value ?? '{}') as Partial<KeyFile>;
  } catch {
    // reported below without echoing the value
  }
  if (k.type !== 'service_account' || typeof k.private_key !== 'string' || typeof k.private_key_id !== 'string' || typeof k.client_email !== 'string') {
    throw new CredentialsException(CredentialsErrorCode.RotationUnsupported, `${what} is not a service-account key file (JSON with type, private_key_id, private_key, client_email)`);
  }
  return k as KeyFile;
}

/**
 * GCP service-account keys: a rotation creates a key for the service account (its JSON key file
 * comes back once, base64 in `privateKeyData`), tests it by minting an access token and reading
 * the service account with it, promotes it and later deletes the old key. IAM calls authenticate
 * with the served key itself (the service account needs `iam.serviceAccountKeys.create/delete/list`
 * on itself) or with another service account's key named by providerConfig.adminCredentialId.
 */
export class GcpServiceAccountRotationAdapter implements RotationAdapter {
  readonly providers = ['gcp', 'vertex'] as const;
  readonly automatic = true;

  async create(ctx: RotationContext): Promise<CreatedKey> {
    await this.cleanup(ctx);
    const { serviceAccountEmail } = requireConfig(ctx, 'serviceAccountEmail');
    const res = await providerCall('gcp create service-account key', `${iam(ctx)}/v1/projects/-/serviceAccounts/${encodeURIComponent(serviceAccountEmail)}/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await this.iamToken(ctx)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ privateKeyType: 'TYPE_GOOGLE_CREDENTIALS_FILE', keyAlgorithm: 'KEY_ALG_RSA_2048' }),
    });
    const key = (await res.json()) as ServiceAccountKey;
    if (!key.privateKeyData) throw new CredentialsException(CredentialsErrorCode.ProviderRejected, 'gcp create service-account key: no private key in the answer');
    return { value: Buffer.from(key.privateKeyData, 'base64').toString('utf8'), keyRef: { keyName: key.name } };
  }

  /** Mints an access token with the new key, then reads its own service account with that token. */
  async test(value: string, ctx: RotationContext): Promise<void> {
    const file = parseKeyFile(value, 'the pending key');
    const token = await this.accessToken(file, ctx, 'gcp test key: mint token');
    await providerCall('gcp test key: get service account', `${iam(ctx)}/v1/projects/-/serviceAccounts/${encodeURIComponent(file.client_email)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
  }

  async revoke(keyRef: Record<string, unknown>, ctx: RotationContext): Promise<void> {
    const name = typeof keyRef.keyName === 'string' ? keyRef.keyName : '';
    if (!name) return;
    // Never delete the key being served, whatever the ref says.
    if (ctx.currentSecret && keyId(name) === this.servedKeyId(ctx)) return;
    try {
      await providerCall('gcp delete service-account key', `${iam(ctx)}/v1/${name.split('/').map(encodeURIComponent).join('/')}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${await this.iamToken(ctx)}` },
      });
    } catch (e) {
      if (!isStatus(e, 404)) throw e;
    }
  }

  /** Deletes user-managed keys created since this rotation started that no version records (an earlier attempt's). */
  async cleanup(ctx: RotationContext): Promise<void> {
    const { serviceAccountEmail } = requireConfig(ctx, 'serviceAccountEmail');
    const res = await providerCall('gcp list service-account keys', `${iam(ctx)}/v1/projects/-/serviceAccounts/${encodeURIComponent(serviceAccountEmail)}/keys?keyTypes=USER_MANAGED`, {
      headers: { authorization: `Bearer ${await this.iamToken(ctx)}` },
    });
    const { keys = [] } = (await res.json()) as { keys?: ServiceAccountKey[] };
    const known = new Set(ctx.knownKeyRefs.map((r) => (typeof r.keyName === 'string' ? keyId(r.keyName) : '')));
    const served = this.servedKeyId(ctx);
    const since = ctx.startedAt.getTime() - SKEW_MS;
    for (const k of keys) {
      const id = keyId(k.name);
      if (known.has(id) || id === served || !k.validAfterTime || Date.parse(k.validAfterTime) < since) continue;
      await this.revoke({ keyName: k.name }, ctx);
    }
  }

  private servedKeyId(ctx: RotationContext): string | undefined {
    try {
      return (JSON.parse(ctx.currentSecret ?? '{}') as Partial<KeyFile>).private_key_id;
    } catch {
      return undefined;
    }
  }

  private iamToken(ctx: RotationContext): Promise<string> {
    const file = parseKeyFile(ctx.rotatorSecret ?? ctx.currentSecret, ctx.rotatorSecret ? 'the admin credential' : 'the served key');
    return this.accessToken(file, ctx, 'gcp token');
  }

  /** OAuth 2.0 JWT-bearer grant: a JWT signed with the key's private key (RS256), exchanged for an access token. */
  private async accessToken(file: KeyFile, ctx: RotationContext, operation: string): Promise<string> {
    const aud = file.token_uri ?? DEFAULT_TOKEN_URI;
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: file.private_key_id }));
    const claims = b64url(JSON.stringify({ iss: file.client_email, scope: SCOPE, aud, iat: now, exp: now + 3600 }));
    let signature: string;
    try {
      signature = sign('RSA-SHA256', Buffer.from(`${header}.${claims}`), file.private_key).toString('base64url');
    } catch {
      throw new CredentialsException(CredentialsErrorCode.ProviderRejected, `${operation}: the private key cannot sign`);
    }
    const res = await providerCall(operation, ctx.endpoints['gcp-token'] ?? aud, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: `${header}.${claims}.${signature}` }).toString(),
    });
    const { access_token } = (await res.json()) as { access_token?: string };
    if (!access_token) throw new CredentialsException(CredentialsErrorCode.ProviderRejected, `${operation}: no access token in the answer`);
    return access_token;
  }
}
