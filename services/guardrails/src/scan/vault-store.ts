import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { CONFIG } from '@ironcage/kit';
import { Sealer } from '../common/sealer';
import type { GuardrailsConfig } from '../config';
import { TokenVault } from '../scanners';
import { ScanError, ScanErrorCode } from './scan.exception';

/** One request's token vault: values sealed in memory under the vault's own key, dropped at expiry. */
export interface RequestVault {
  vault: TokenVault;
  /** Placeholders issued, in order (to seal the vault for another replica). */
  placeholders: string[];
  expiresAt: number;
}

const PLACEHOLDER = /^\[([A-Za-z][A-Za-z0-9_-]{0,63})_(\d{1,6})\]$/;
/** Most vaults held at once; the oldest are dropped beyond it (memory bound under abuse). */
export const MAX_VAULTS = 100_000;

/**
 * Token vaults of in-flight requests, keyed by org and request id, kept in this process only and
 * never in clear: each TokenVault encrypts its values (AES-256-GCM) under a key of its own. A vault
 * dies after GUARDRAILS_VAULT_TTL_SECONDS or when the output scan ends the request.
 *
 * For a caller whose output scan may reach another replica, `seal` exports the vault as an opaque
 * token encrypted under GUARDRAILS_VAULT_KEY (shared by the replicas), bound to org and request
 * and carrying its expiry; `unseal` restores it anywhere.
 */
@Injectable()
export class VaultStore implements OnModuleDestroy {
  private readonly logger = new Logger(VaultStore.name);
  private readonly vaults = new Map<string, RequestVault>();
  private readonly ttlMs: number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    @Inject(CONFIG) config: Pick<GuardrailsConfig, 'GUARDRAILS_VAULT_TTL_SECONDS'>,
    private readonly sealer: Sealer,
  ) {
    this.ttlMs = config.GUARDRAILS_VAULT_TTL_SECONDS * 1000;
    this.sweeper = setInterval(() => this.sweep(), Math.min(30_000, this.ttlMs)).unref();
  }

  get size(): number {
    return this.vaults.size;
  }

  get(orgId: string, requestId: string): RequestVault | undefined {
    const id = this.id(orgId, requestId);
    const v = this.vaults.get(id);
    if (v && v.expiresAt <= Date.now()) {
      this.drop(id, v);
      return undefined;
    }
    return v;
  }

  getOrCreate(orgId: string, requestId: string): RequestVault {
    const existing = this.get(orgId, requestId);
    if (existing) return existing;
    if (this.vaults.size >= MAX_VAULTS) {
      const [oldestId, oldest] = this.vaults.entries().next().value as [string, RequestVault];
      this.drop(oldestId, oldest);
    }
    const v: RequestVault = { vault: new TokenVault(), placeholders: [], expiresAt: Date.now() + this.ttlMs };
    this.vaults.set(this.id(orgId, requestId), v);
    return v;
  }

  /**
   * The vault of the request for restoring its placeholders: from memory, else from the caller's
   * sealed token, else none. A token that does not open (expired, altered, another request) is
   * logged and ignored: the answer then keeps its placeholders, which leaks nothing.
   */
  restore(orgId: string, requestId: string, token?: string): RequestVault | undefined {
    try {
      return this.find(orgId, requestId, token);
    } catch (e) {
      if (!(e instanceof ScanError)) throw e;
      this.logger.warn({ orgId, requestId, reason: e.message }, 'vault token not usable; placeholders stay as they are');
      return undefined;
    }
  }

  /** The vault of the request: from memory, else from the caller's sealed token (which must open), else none. */
  find(orgId: string, requestId: string, token?: string): RequestVault | undefined {
    const local = this.get(orgId, requestId);
    if (local || !token) return local;
    const restored = this.unseal(orgId, requestId, token);
    this.vaults.set(this.id(orgId, requestId), restored);
    return restored;
  }

  delete(orgId: string, requestId: string): void {
    const id = this.id(orgId, requestId);
    const v = this.vaults.get(id);
    if (v) this.drop(id, v);
  }

  /** Records placeholders a redaction issued from this vault. */
  note(v: RequestVault, placeholders: Iterable<string>): void {
    const seen = new Set(v.placeholders);
    for (const p of placeholders) {
      if (seen.has(p)) continue;
      seen.add(p);
      v.placeholders.push(p);
    }
  }

  seal(orgId: string, requestId: string, v: RequestVault): string {
    const entries = v.placeholders.map((p) => [p, v.vault.reveal(p) ?? ''] as const);
    return this.sealer.seal('vault', [orgId, requestId], { entries }, v.expiresAt);
  }

  unseal(orgId: string, requestId: string, token: string): RequestVault {
    const invalid = () => new ScanError(ScanErrorCode.VaultTokenInvalid, `vaultToken is not valid for request ${requestId} of org ${orgId}, or has expired`);
    const payload = this.sealer.open<{ entries?: unknown }>('vault', [orgId, requestId], token);
    if (!payload || !Array.isArray(payload.entries)) throw invalid();
    const entries = payload.entries as [string, string][];
    const vault = new TokenVault();
    const placeholders: string[] = [];
    for (const [placeholder, value] of entries) {
      const m = PLACEHOLDER.exec(placeholder);
      // re-tokenising in issue order gives every value its original placeholder back
      if (!m || vault.tokenize(m[1], value) !== placeholder) {
        vault.destroy();
        throw invalid();
      }
      placeholders.push(placeholder);
    }
    return { vault, placeholders, expiresAt: Date.now() + this.ttlMs };
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
    for (const [id, v] of this.vaults) this.drop(id, v);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, v] of this.vaults) if (v.expiresAt <= now) this.drop(id, v);
  }

  private drop(id: string, v: RequestVault): void {
    v.vault.destroy();
    this.vaults.delete(id);
  }

  private id(orgId: string, requestId: string): string {
    return `${orgId}\u0000${requestId}`;
  }
}
