import type { CredentialRecord } from '../../credentials/credential.repository';
import { CredentialsErrorCode, CredentialsException } from '../../credentials.exception';

export interface RotationContext {
  credential: CredentialRecord;
  rotationId: string;
  startedAt: Date;
  /** Value of the version served now (self-rotating providers authenticate with it). */
  currentSecret: string | null;
  /** Value of the credential named by providerConfig's admin/ARM credential, when the provider needs one. */
  rotatorSecret: string | null;
  /** Provider key refs of versions still alive (current, previous): never cleaned up as orphans. */
  knownKeyRefs: Record<string, unknown>[];
  endpoints: Record<string, string>;
}

export interface CreatedKey {
  value: string;
  /** Non-secret id of the key at the provider, kept to revoke it later. */
  keyRef: Record<string, unknown>;
}

/**
 * A provider's key lifecycle. Every method is idempotent, because a Temporal activity may run it
 * again after a crash: `create` first removes keys an earlier attempt of the same rotation left
 * behind without recording them, `revoke` treats "already gone" as done.
 */
export interface RotationAdapter {
  readonly providers: readonly string[];
  /** Whether keys are created through the API (else they are pasted). */
  readonly automatic: boolean;
  create(ctx: RotationContext): Promise<CreatedKey>;
  /** Proves the key works with one cheap authenticated call; ProviderRejected when it does not. */
  test(value: string, ctx: RotationContext): Promise<void>;
  revoke(keyRef: Record<string, unknown>, ctx: RotationContext): Promise<void>;
  /** Removes keys made by this rotation that were never recorded (used when a rotation aborts). */
  cleanup(ctx: RotationContext): Promise<void>;
}

/** One HTTP call to a provider; a failure names the operation and status, never a header or body. */
export async function providerCall(operation: string, url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 10_000) });
  } catch {
    throw new CredentialsException(CredentialsErrorCode.ProviderUnavailable, `${operation}: the provider did not answer`);
  }
  if (res.ok) return res;
  await res.body?.cancel().catch(() => undefined);
  if (res.status === 429 || res.status >= 500) throw new CredentialsException(CredentialsErrorCode.ProviderUnavailable, `${operation}: the provider answered ${res.status}`);
  throw new CredentialsException(CredentialsErrorCode.ProviderRejected, `${operation}: the provider answered ${res.status}`);
}

export const isStatus = (e: unknown, status: number): boolean => e instanceof CredentialsException && e.message.endsWith(`answered ${status}`);

export function requireConfig(ctx: RotationContext, ...keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = ctx.credential.providerConfig[k];
    if (typeof v !== 'string' || !v) {
      throw new CredentialsException(CredentialsErrorCode.RotationUnsupported, `providerConfig.${k} is required to rotate ${ctx.credential.provider} credentials`);
    }
    out[k] = v;
  }
  return out;
}
