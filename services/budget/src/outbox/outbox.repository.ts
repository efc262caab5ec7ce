import { Injectable } from '@nestjs/common';
import { BudgetDb } from '../db/budget-db';

export interface OutboxRow {
  id: string;
  orgId: string;
  subject: string;
  data: Record<string, unknown>;
}

/**
 * Events the service owes the bus, written in the same transaction as the state they describe
 * (threshold crossings by the settle function) or ahead of publishing (unpriced alerts). The id is
 * the event id, so each event is stored once and published at least once.
 */
@Injectable()
export class OutboxRepository {
  constructor(private readonly db: BudgetDb) {}

  /** True when this call added the event (false: it exists already). */
  async add(row: OutboxRow, now: Date): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO outbox (id, org_id, subject, data, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [row.id, row.orgId, row.subject, row.data, now],
    );
    return rows.length === 1;
  }

  async load(ids: string[]): Promise<OutboxRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<{ id: string; org_id: string; subject: string; data: Record<string, unknown> }>(
      `SELECT id, org_id, subject, data FROM outbox WHERE id = ANY ($1) AND published_at IS NULL ORDER BY created_at, id`,
      [ids],
    );
    return rows.map((r) => ({ id: r.id, orgId: r.org_id, subject: r.subject, data: r.data }));
  }

  async pendingIds(createdBefore: Date, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT id FROM outbox WHERE published_at IS NULL AND created_at <= $1 ORDER BY created_at LIMIT $2`,
      [createdBefore, limit],
    );
    return rows.map((r) => r.id);
  }

  async markPublished(ids: string[], now: Date): Promise<void> {
    if (ids.length > 0) await this.db.query(`UPDATE outbox SET published_at = $2 WHERE id = ANY ($1)`, [ids, now]);
  }

  async purgePublished(before: Date, limit: number): Promise<number> {
    const [row] = await this.db.query<{ n: number }>(
      `WITH gone AS (DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE published_at < $1 LIMIT $2) RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      [before, limit],
    );
    return row.n;
  }
}
