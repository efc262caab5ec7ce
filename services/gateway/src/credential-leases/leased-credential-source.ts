import { RpcError } from '@ironcage/bus';
import { credentialsLeaseRpc, type RpcResponse } from '@ironcage/contracts';
import type { CredentialSource, Deployment } from '../providers/provider-adapter';

/** What the source needs of the bus: `RpcClient.call` for `credentials.lease`. */
export interface LeaseRpc {
  call(contract: typeof credentialsLeaseRpc, request: { orgId: string; deployment: string; requester: string; ttlSeconds?: number }): Promise<RpcResponse<typeof credentialsLeaseRpc>>;
}

export interface LeasedCredentialSourceOptions {
  /** Organisation whose bindings the gateway's deployments are leased from (the catalogue is platform-wide). */
  orgId: string;
  /** Audit trail's requester, e.g. `gateway` or the instance. */
  requester: string;
  /** Asked-for TTL; the service never hands out a longer one. */
  ttlSeconds?: number;
  /** After a failed background renewal, wait this long before trying again (the held lease is served meanwhile). */
  retryAfterMs?: number;
  now?: () => number;
  /** Told about failures, never given a key. */
  onWarning?: (message: string, meta: Record<string, unknown>) => void;
}

/** Providers that work without a key: a deployment of theirs with no binding gets the empty key. */
const KEYLESS: ReadonlySet<string> = new Set(['mock', 'openai-compatible']);

interface Lease {
  credentialId: string;
  version: number;
  secret: string;
  expiresAt: number;
  renewAfter: number;
}

interface Entry {
  lease?: Lease;
  /**
   * The lease a rotation retired: no longer served, except when leasing its successor fails — a
   * rotated key stays valid through the rotation's grace period, a revoked one is dropped outright.
   */
  retired?: Lease;
  /** The one lease call in flight for this deployment (single flight). */
  inflight?: Promise<Lease | undefined>;
  /** No background renewal before this (after a failure). */
  retryAt: number;
}

/**
 * Provider keys leased from the credentials service (`credentials.lease`), held in memory only,
 * keyed by org + deployment. A held lease is served until `renewAfter`; from then on it is still
 * served while one background call renews it; it is never served at or after `expiresAt`. A
 * `credential.rotated` / `credential.revoked` drops every lease of that credential at once (see
 * `dropCredential`; a rotated one stays aside, served only if leasing its successor fails), and a
 * lease call that was in flight when such an event arrived is not kept.
 * When the credentials service cannot be reached, a still-valid lease keeps being served. Keys
 * are never logged: errors and warnings name the deployment, the credential id and the version.
 */
export class LeasedCredentialSource implements CredentialSource {
  private readonly entries = new Map<string, Entry>();
  /** Sequence of drop events, and the last one per credential, to tell stale lease calls apart. */
  private eventSeq = 0;
  private readonly lastEventOf = new Map<string, number>();
  private readonly now: () => number;

  constructor(
    private readonly rpc: LeaseRpc,
    private readonly options: LeasedCredentialSourceOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async getKey(deployment: Deployment): Promise<string> {
    const key = this.keyOf(deployment.id);
    const entry = this.entryOf(key);
    const now = this.now();
    const held = entry.lease;
    if (held && now < held.expiresAt) {
      if (now >= held.renewAfter && !entry.inflight && now >= entry.retryAt) void this.refresh(key, deployment).catch(() => undefined);
      return held.secret;
    }
    if (held) entry.lease = undefined; // expired: never served again
    const lease = await this.refresh(key, deployment);
    if (lease) return lease.secret;
    return '';
  }

  /**
   * Drops the leases of a credential (all of them, whatever the versions: the next call leases the
   * current one). After a rotation the dropped lease is kept aside as a fallback should that next
   * lease call fail (the replaced key works until the grace period ends); after a revocation it is
   * gone for good.
   */
  dropCredential(credentialId: string, reason: 'rotated' | 'revoked' = 'revoked'): number {
    this.lastEventOf.set(credentialId, ++this.eventSeq);
    let dropped = 0;
    for (const entry of this.entries.values()) {
      if (entry.retired?.credentialId === credentialId && reason === 'revoked') entry.retired = undefined;
      if (entry.lease?.credentialId === credentialId) {
        entry.retired = reason === 'rotated' ? entry.lease : undefined;
        entry.lease = undefined;
        dropped++;
      }
    }
    return dropped;
  }

  /** After a bus reconnect (events may have been missed): renew every lease at its next use, serving it meanwhile. */
  renewAll(): void {
    for (const entry of this.entries.values()) {
      if (entry.lease) entry.lease.renewAfter = Math.min(entry.lease.renewAfter, this.now());
      entry.retryAt = 0;
    }
  }

  /** Leases held (for tests and metrics; no keys). */
  size(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.lease) n++;
    return n;
  }

  clear(): void {
    this.entries.clear();
  }

  private keyOf(deploymentId: string): string {
    return `${this.options.orgId}\u0000${deploymentId}`;
  }

  private entryOf(key: string): Entry {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { retryAt: 0 };
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** One lease call per deployment at a time; callers that come meanwhile share it. */
  private refresh(key: string, deployment: Deployment): Promise<Lease | undefined> {
    const entry = this.entryOf(key);
    if (!entry.inflight) {
      entry.inflight = this.lease(entry, deployment).finally(() => {
        entry.inflight = undefined;
      });
    }
    return entry.inflight;
  }

  private async lease(entry: Entry, deployment: Deployment): Promise<Lease | undefined> {
    for (let attempt = 1; ; attempt++) {
      const startedAt = this.eventSeq;
      let reply: RpcResponse<typeof credentialsLeaseRpc>;
      try {
        reply = await this.rpc.call(credentialsLeaseRpc, {
          orgId: this.options.orgId,
          deployment: deployment.id,
          requester: this.options.requester,
          ...(this.options.ttlSeconds ? { ttlSeconds: this.options.ttlSeconds } : {}),
        });
      } catch (err) {
        const code = err instanceof RpcError ? err.code : 'error';
        if (code === 'not_found' && KEYLESS.has(deployment.provider)) return undefined;
        entry.retryAt = this.now() + (this.options.retryAfterMs ?? 1_000);
        const held = entry.lease && this.now() < entry.lease.expiresAt;
        this.options.onWarning?.(held ? 'credential lease renewal failed; serving the held lease until it expires' : 'credential lease failed', {
          deployment: deployment.id,
          code,
          ...(entry.lease ? { credentialId: entry.lease.credentialId, version: entry.lease.version, expiresAt: new Date(entry.lease.expiresAt).toISOString() } : {}),
        });
        if (held) return entry.lease;
        const retired = entry.retired && this.now() < entry.retired.expiresAt ? entry.retired : undefined;
        if (retired) {
          this.options.onWarning?.('credential lease after a rotation failed; serving the replaced key, valid through the grace period', { deployment: deployment.id, code, credentialId: retired.credentialId, version: retired.version });
          return retired;
        }
        throw new Error(`no credential lease for deployment ${deployment.id} (${code})`);
      }
      const lease: Lease = {
        credentialId: reply.credentialId,
        version: reply.version,
        secret: reply.secret,
        expiresAt: Date.parse(reply.expiresAt),
        renewAfter: Date.parse(reply.renewAfter),
      };
      // A rotation or revocation of this credential arrived while the call was in flight: the
      // reply may hold the version it replaced, so lease again rather than keep it.
      const stale = (this.lastEventOf.get(lease.credentialId) ?? 0) > startedAt;
      if (stale && attempt < 3) continue;
      if (this.now() >= lease.expiresAt) throw new Error(`credential lease for deployment ${deployment.id} arrived expired`);
      entry.retryAt = 0;
      if (!stale) {
        entry.lease = lease;
        entry.retired = undefined;
      }
      return lease;
    }
  }
}
