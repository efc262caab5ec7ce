import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '@ironcage/kit';
import { Clock } from '../clock/clock';
import type { BudgetConfig } from '../config';
import { OrgSettingsRepository, type UnpricedPolicy } from './org-settings.repository';

/** The unpriced-model policy per org, as the hot path reads it (kept BUDGET_CACHE_TTL_MS). */
@Injectable()
export class OrgPolicyCache {
  private readonly entries = new Map<string, { policy: UnpricedPolicy; until: number }>();

  constructor(
    private readonly settings: OrgSettingsRepository,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Pick<BudgetConfig, 'BUDGET_CACHE_TTL_MS'>,
  ) {}

  async unpricedPolicy(orgId: string): Promise<UnpricedPolicy> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(orgId);
    if (hit && hit.until > now) return hit.policy;
    const { unpricedPolicy } = await this.settings.get(orgId);
    if (this.entries.size >= 50_000) this.entries.clear();
    this.entries.set(orgId, { policy: unpricedPolicy, until: now + this.config.BUDGET_CACHE_TTL_MS });
    return unpricedPolicy;
  }

  forget(orgId: string): void {
    this.entries.delete(orgId);
  }
}
