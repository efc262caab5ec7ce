import { Injectable } from '@nestjs/common';
import { BudgetDb } from '../db/budget-db';

export type UnpricedPolicy = 'refuse' | 'record_unpriced';

export interface OrgSettings {
  orgId: string;
  unpricedPolicy: UnpricedPolicy;
  updatedAt: Date | null;
}

/** Per-org budget settings; an org that never set any gets the defaults (unpriced models are refused). */
@Injectable()
export class OrgSettingsRepository {
  constructor(private readonly db: BudgetDb) {}

  async get(orgId: string): Promise<OrgSettings> {
    const [row] = await this.db.query<{ unpriced_policy: UnpricedPolicy; updated_at: Date }>(
      `SELECT unpriced_policy, updated_at FROM org_settings WHERE org_id = $1`,
      [orgId],
      'budget_org_settings',
    );
    return { orgId, unpricedPolicy: row?.unpriced_policy ?? 'refuse', updatedAt: row?.updated_at ?? null };
  }

  async put(orgId: string, unpricedPolicy: UnpricedPolicy, now: Date): Promise<OrgSettings> {
    await this.db.query(
      `INSERT INTO org_settings (org_id, unpriced_policy, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (org_id) DO UPDATE SET unpriced_policy = EXCLUDED.unpriced_policy, updated_at = EXCLUDED.updated_at`,
      [orgId, unpricedPolicy, now],
    );
    return { orgId, unpricedPolicy, updatedAt: now };
  }
}
