import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { XMLParser } from 'fast-xml-parser';
import { CredentialsErrorCode, CredentialsException } from '../../credentials.exception';
import type { CreatedKey, RotationAdapter, RotationContext } from './rotation-adapter';

interface AccessKeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

interface AccessKeyMetadata {
  AccessKeyId: string;
  Status: 'Active' | 'Inactive';
  CreateDate: string;
}

const IAM_VERSION = '2010-05-08';
const STS_VERSION = '2011-06-15';
/** Keys newer than the rotation's start (less this much clock skew) that nobody recorded are the rotation's own leftovers. */
const SKEW_MS = 60_000;
/** New IAM keys are eventually consistent: how long the test keeps retrying a key STS does not know yet. */
const DEFAULT_PROPAGATION_SECONDS = 15;

// Element names that are lists in IAM's answers, so a single member still parses as an array.
const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => name === 'member' });

/** An IAM or STS error answer: the operation, status and AWS error code, never a header or body. */
class AwsError extends CredentialsException {
  constructor(
    code: CredentialsErrorCode,
    message: string,
    readonly awsCode: string,
  ) {
    super(code, message);
  }
}

function parsePair(value: string | null, what: string): AccessKeyPair {
  let p: Partial<AccessKeyPair> = {};
  try {
    p = JSON.parse(value ?? '{}') as Partial<AccessKeyPair>;
  } catch {
    // reported below without echoing the value
  }
  if (typeof p.accessKeyId !== 'string' || typeof p.secretAccessKey !== 'string' || !p.accessKeyId || !p.secretAccessKey) {
    throw new CredentialsException(CredentialsErrorCode.RotationUnsupported, `${what} is not an AWS access key as JSON {accessKeyId, secretAccessKey}`);
  }
  return { accessKeyId: p.accessKeyId, secretAccessKey: p.secretAccessKey };
}

/** One SigV4-signed call to a Query API (form body, XML answer). IAM and the global STS endpoint both sign for us-east-1. */
async function awsQuery(operation: string, endpoint: string, service: 'iam' | 'sts', region: string, key: AccessKeyPair, params: Record<string, string>): Promise<Record<string, unknown>> {
  const url = new URL(endpoint);
  const body = new URLSearchParams(params).toString();
  const signer = new SignatureV4({ service, region, credentials: key, sha256: Sha256, uriEscapePath: true });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname || '/',
    query: {},
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  const { host: _host, ...headers } = signed.headers;
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
  } catch {
    throw new CredentialsException(CredentialsErrorCode.ProviderUnavailable, `${operation}: the provider did not answer`);
  }
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = xml.parse(text) as Record<string, unknown>;
  } catch {
    // an unparseable answer is judged by its status alone
  }
  if (res.ok) return parsed;
  const awsCode = String((parsed.ErrorResponse as { Error?: { Code?: unknown } } | undefined)?.Error?.Code ?? 'Unknown');
  const transient = res.status === 429 || res.status >= 500 || awsCode === 'Throttling' || awsCode === 'ServiceUnavailable';
  throw new AwsError(transient ? CredentialsErrorCode.ProviderUnavailable : CredentialsErrorCode.ProviderRejected, `${operation}: the provider answered ${res.status} ${awsCode}`, awsCode);
}

const isAws = (e: unknown, code: string) => e instanceof AwsError && e.awsCode === code;
const AUTH_FAILURES = ['InvalidClientTokenId', 'SignatureDoesNotMatch', 'IncompleteSignature', 'AccessDenied'];

/**
 * AWS IAM user access keys: a rotation calls CreateAccessKey (the secret comes back once), tests
 * the new pair with STS GetCallerIdentity (checking it is the expected user), promotes it and,
 * after the grace period, deactivates and then deletes the old key. IAM allows two keys per user:
 * an inactive second key is deleted to make room, an active one that no version of this
 * credential holds stops the rotation (someone else may be using it). Calls are signed with the
 * served key itself (the user may manage its own keys) or with the key named by
 * providerConfig.adminCredentialId.
 */
export class AwsIamRotationAdapter implements RotationAdapter {
  readonly providers = ['aws', 'bedrock'] as const;
  readonly automatic = true;

  async create(ctx: RotationContext): Promise<CreatedKey> {
    await this.cleanup(ctx);
    const userName = this.userName(ctx);
    const served = this.servedKeyId(ctx);
    const known = this.knownIds(ctx);
    const keys = await this.list(ctx);
    if (keys.length >= 2) {
      for (const k of keys) {
        if (k.AccessKeyId === served || known.has(k.AccessKeyId)) continue;
        if (k.Status === 'Active') {
          throw new CredentialsException(
            CredentialsErrorCode.RotationUnsupported,
            `IAM user ${userName} already has two access keys and ${k.AccessKeyId} is active but not held by this credential: deactivate or delete it first`,
          );
        }
        await this.revoke({ accessKeyId: k.AccessKeyId }, ctx);
      }
    }
    const res = await this.iam(ctx, 'aws create access key', { Action: 'CreateAccessKey', UserName: userName });
    const key = (res.CreateAccessKeyResponse as { CreateAccessKeyResult?: { AccessKey?: { AccessKeyId?: string; SecretAccessKey?: string } } } | undefined)?.CreateAccessKeyResult?.AccessKey;
    if (!key?.AccessKeyId || !key.SecretAccessKey) throw new CredentialsException(CredentialsErrorCode.ProviderRejected, 'aws create access key: no key in the answer');
    return { value: JSON.stringify({ accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey }), keyRef: { accessKeyId: key.AccessKeyId } };
  }

  /** STS GetCallerIdentity signed with the new pair, retried while IAM propagates a new key. */
  async test(value: string, ctx: RotationContext): Promise<void> {
    const pair = parsePair(value, 'the pending key');
    const deadline = Date.now() + this.propagationSeconds(ctx) * 1000;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await awsQuery('aws test key: sts get caller identity', this.endpoint(ctx, 'sts'), 'sts', 'us-east-1', pair, { Action: 'GetCallerIdentity', Version: STS_VERSION });
        const arn = String((res.GetCallerIdentityResponse as { GetCallerIdentityResult?: { Arn?: unknown } } | undefined)?.GetCallerIdentityResult?.Arn ?? '');
        if (!arn.endsWith(`:user/${this.userName(ctx)}`) && !arn.endsWith(`/${this.userName(ctx)}`)) {
          throw new CredentialsException(CredentialsErrorCode.ProviderRejected, `aws test key: the key belongs to ${arn || 'an unknown identity'}, not IAM user ${this.userName(ctx)}`);
        }
        return;
      } catch (e) {
        if (!isAws(e, 'InvalidClientTokenId') || Date.now() >= deadline) throw e;
        await new Promise((r) => setTimeout(r, Math.min(1000 * 2 ** attempt, 4000)));
      }
    }
  }

  /** Deactivates, then deletes; "no such key" is done. The served key is never touched, whatever the ref says. */
  async revoke(keyRef: Record<string, unknown>, ctx: RotationContext): Promise<void> {
    const id = typeof keyRef.accessKeyId === 'string' ? keyRef.accessKeyId : '';
    if (!id || id === this.servedKeyId(ctx)) return;
    const UserName = this.userName(ctx);
    for (const [operation, params] of [
      ['aws deactivate access key', { Action: 'UpdateAccessKey', UserName, AccessKeyId: id, Status: 'Inactive' }],
      ['aws delete access key', { Action: 'DeleteAccessKey', UserName, AccessKeyId: id }],
    ] as const) {
      try {
        await this.iam(ctx, operation, params);
      } catch (e) {
        if (isAws(e, 'NoSuchEntity')) return;
        throw e;
      }
    }
  }

  /** Deletes the user's keys created since this rotation started that no version records (an earlier attempt's). */
  async cleanup(ctx: RotationContext): Promise<void> {
    const known = this.knownIds(ctx);
    const served = this.servedKeyId(ctx);
    const since = ctx.startedAt.getTime() - SKEW_MS;
    let keys: AccessKeyMetadata[];
    try {
      keys = await this.list(ctx);
    } catch (e) {
      // A signer IAM refuses cannot have created anything either: nothing to clean up.
      if (AUTH_FAILURES.some((c) => isAws(e, c)) || (e instanceof CredentialsException && e.code === CredentialsErrorCode.RotationUnsupported)) return;
      throw e;
    }
    for (const k of keys) {
      if (k.AccessKeyId === served || known.has(k.AccessKeyId) || Date.parse(k.CreateDate) < since) continue;
      await this.revoke({ accessKeyId: k.AccessKeyId }, ctx);
    }
  }

  private async list(ctx: RotationContext): Promise<AccessKeyMetadata[]> {
    const res = await this.iam(ctx, 'aws list access keys', { Action: 'ListAccessKeys', UserName: this.userName(ctx) });
    const result = (res.ListAccessKeysResponse as { ListAccessKeysResult?: { AccessKeyMetadata?: { member?: AccessKeyMetadata[] } | '' } } | undefined)?.ListAccessKeysResult;
    const metadata = result?.AccessKeyMetadata;
    return typeof metadata === 'object' && metadata ? (metadata.member ?? []) : [];
  }

  private iam(ctx: RotationContext, operation: string, params: Record<string, string>): Promise<Record<string, unknown>> {
    const signer = parsePair(ctx.rotatorSecret ?? ctx.currentSecret, ctx.rotatorSecret ? 'the admin credential' : 'the served key');
    return awsQuery(operation, this.endpoint(ctx, 'iam'), 'iam', 'us-east-1', signer, { ...params, Version: IAM_VERSION });
  }

  private endpoint(ctx: RotationContext, service: 'iam' | 'sts'): string {
    return ctx.endpoints[`aws-${service}`] ?? `https://${service}.amazonaws.com/`;
  }

  private userName(ctx: RotationContext): string {
    const v = ctx.credential.providerConfig.userName;
    if (typeof v !== 'string' || !v) {
      throw new CredentialsException(CredentialsErrorCode.RotationUnsupported, `providerConfig.userName is required to rotate ${ctx.credential.provider} credentials`);
    }
    return v;
  }

  private propagationSeconds(ctx: RotationContext): number {
    const v = Number(ctx.credential.providerConfig.propagationSeconds ?? DEFAULT_PROPAGATION_SECONDS);
    return Number.isFinite(v) && v >= 0 ? Math.min(v, 45) : DEFAULT_PROPAGATION_SECONDS;
  }

  private knownIds(ctx: RotationContext): Set<string> {
    return new Set(ctx.knownKeyRefs.map((r) => (typeof r.accessKeyId === 'string' ? r.accessKeyId : '')));
  }

  private servedKeyId(ctx: RotationContext): string | undefined {
    try {
      return (JSON.parse(ctx.currentSecret ?? '{}') as Partial<AccessKeyPair>).accessKeyId;
    } catch {
      return undefined;
    }
  }
}
