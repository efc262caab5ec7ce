import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Principal } from '@ironcage/contracts';
import { CONFIG } from '@ironcage/kit';
import type { GuardrailsConfig } from '../config';
import { type CompiledPolicy, compilePolicy } from './compiled-policy';
import { parsePolicy } from './parse-policy';
import { DEFAULT_POLICY_YAML } from './policy-document';
import { PolicyRepository } from './policy.repository';

interface OrgEntry {
  loadedAt: number;
  policies: Promise<Map<string, CompiledPolicy>>;
}

export const DEFAULT_POLICY: CompiledPolicy = compilePolicy(parsePolicy(DEFAULT_POLICY_YAML).document);

/** The scopes a principal's request falls under, most specific first. */
export function scopesFor(principal: Pick<Principal, 'agentId' | 'teamId'> | undefined): string[] {
  const scopes: string[] = [];
  if (principal?.agentId) scopes.push(`agent:${principal.agentId}`);
  if (principal?.teamId) scopes.push(`team:${principal.teamId}`);
  scopes.push('org');
  return scopes;
}

/**
 * Active policies per org, compiled, in memory: the scan path never waits for Postgres once an org
 * is loaded. An org is evicted when a policy.changed event for it arrives (every replica listens),
 * and re-read after GUARDRAILS_POLICY_CACHE_TTL_SECONDS in any case.
 */
@Injectable()
export class PolicyCache {
  private readonly logger = new Logger(PolicyCache.name);
  private readonly orgs = new Map<string, OrgEntry>();
  private readonly ttlMs: number;

  constructor(
    private readonly repository: PolicyRepository,
    @Inject(CONFIG) config: GuardrailsConfig,
  ) {
    this.ttlMs = config.GUARDRAILS_POLICY_CACHE_TTL_SECONDS * 1000;
  }

  /** The policy in force for a request: the agent's, else the team's, else the org's, else the built-in default. */
  async resolve(orgId: string, principal?: Pick<Principal, 'agentId' | 'teamId'>): Promise<CompiledPolicy> {
    const policies = await this.load(orgId);
    for (const scope of scopesFor(principal)) {
      const p = policies.get(scope);
      if (p) return p;
    }
    return DEFAULT_POLICY;
  }

  evict(orgId: string): void {
    this.orgs.delete(orgId);
  }

  clear(): void {
    this.orgs.clear();
  }

  private load(orgId: string): Promise<Map<string, CompiledPolicy>> {
    const now = Date.now();
    const cached = this.orgs.get(orgId);
    if (cached && now - cached.loadedAt < this.ttlMs) return cached.policies;
    const entry: OrgEntry = { loadedAt: now, policies: this.read(orgId) };
    this.orgs.set(orgId, entry);
    // a failed read is not cached: the next request tries again
    entry.policies.catch(() => {
      if (this.orgs.get(orgId) === entry) this.orgs.delete(orgId);
    });
    return entry.policies;
  }

  private async read(orgId: string): Promise<Map<string, CompiledPolicy>> {
    const rows = await this.repository.activeForOrg(orgId);
    const map = new Map<string, CompiledPolicy>();
    for (const row of rows) {
      try {
        map.set(row.scope, compilePolicy(parsePolicy(row.source).document, { scope: row.scope, version: row.version }));
      } catch (e) {
        // validated on upload; only a format change could get here — keep serving the other scopes
        this.logger.error({ orgId, scope: row.scope, version: row.version, err: e }, 'stored policy no longer validates; ignored');
      }
    }
    return map;
  }
}
