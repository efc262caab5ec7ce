import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Clock } from '../../clock/clock';
import { OrgPolicyCache } from '../org-policy.cache';
import { OrgSettingsRepository, type OrgSettings } from '../org-settings.repository';

export const orgSettingsSchema = z.object({
  unpricedPolicy: z
    .enum(['refuse', 'record_unpriced'])
    .describe('A request for a model with no price: refuse it (default), or serve it, record it as unpriced and publish budget.unpriced'),
});
export type OrgSettingsCommand = z.output<typeof orgSettingsSchema>;

/** An org's budget settings. */
@Injectable()
export class OrgSettingsUseCase {
  constructor(
    private readonly settings: OrgSettingsRepository,
    private readonly cache: OrgPolicyCache,
    private readonly clock: Clock,
  ) {}

  get(orgId: string): Promise<OrgSettings> {
    return this.settings.get(orgId);
  }

  async put(orgId: string, command: OrgSettingsCommand): Promise<OrgSettings> {
    const parsed = orgSettingsSchema.parse(command);
    const saved = await this.settings.put(orgId, parsed.unpricedPolicy, this.clock.now());
    this.cache.forget(orgId);
    return saved;
  }
}
