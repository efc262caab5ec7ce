import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryRows } from '@ironcage/kit';

export type ErrorGroupStatus = 'open' | 'resolved';

export interface ErrorGroupRow {
  orgId: string;
  fingerprint: string;
  service: string;
  name: string;
  where: string;
  sampleMessage: string;
  sampleStack: string[];
  count: number;
  firstSeen: Date;
  lastSeen: Date;
  sampleTraceId: string | null;
  lastErrorId: string;
  status: ErrorGroupStatus;
  resolvedAt: Date | null;
}

export interface OccurrenceRow {
  eventId: string;
  errorId: string;
  service: string;
  where: string;
  message: string;
  traceId: string | null;
  count: number;
  occurredAt: Date;
}

/** One `error.reported` event, as stored. */
export interface NewOccurrence {
  eventId: string;
  orgId: string;
  fingerprint: string;
  errorId: string;
  service: string;
  name: string;
  where: string;
  message: string;
  stack: string[];
  traceId: string | null;
  count: number;
  occurredAt: Date;
}

export interface GroupFilter {
  orgId: string;
  service?: string;
  status?: ErrorGroupStatus;
  since?: Date;
  /** Groups strictly after this position in `last_seen DESC, fingerprint DESC` order. */
  after?: { lastSeen: Date; fingerprint: string };
  limit: number;
}

type Raw = Record<string, unknown>;

const rowsOf = (result: unknown): Raw[] => queryRows<Raw>(result);

const toGroup = (r: Raw): ErrorGroupRow => ({
  orgId: r.org_id as string,
  fingerprint: r.fingerprint as string,
  service: r.service as string,
  name: r.name as string,
  where: r.location as string,
  sampleMessage: r.sample_message as string,
  sampleStack: r.sample_stack as string[],
  count: Number(r.count),
  firstSeen: r.first_seen as Date,
  lastSeen: r.last_seen as Date,
  sampleTraceId: (r.sample_trace_id as string | null) ?? null,
  lastErrorId: r.last_error_id as string,
  status: r.status as ErrorGroupStatus,
  resolvedAt: (r.resolved_at as Date | null) ?? null,
});

const toOccurrence = (r: Raw): OccurrenceRow => ({
  eventId: r.event_id as string,
  errorId: r.error_id as string,
  service: r.service as string,
  where: r.location as string,
  message: r.message as string,
  traceId: (r.trace_id as string | null) ?? null,
  count: Number(r.count),
  occurredAt: r.occurred_at as Date,
});

/** Error groups and their latest occurrences, in observability's schema. */
@Injectable()
export class ErrorsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Stores an occurrence and folds it into its group, in one transaction. False when the event was
   * stored before (a redelivery): nothing changes. The newest sample wins. A resolved group re-opens
   * on an occurrence newer than the newest it had (one that happened before and arrived late does not). Beyond `keep` occurrences per group the oldest are deleted once
   * `dedupeWindowSeconds` old, so a late redelivery is still recognised.
   */
  async record(o: NewOccurrence, keep: number, dedupeWindowSeconds: number): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const inserted = await m.query(
        `INSERT INTO error_occurrences (event_id, org_id, fingerprint, error_id, service, location, message, trace_id, count, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (event_id) DO NOTHING
         RETURNING event_id`,
        [o.eventId, o.orgId, o.fingerprint, o.errorId, o.service, o.where, o.message, o.traceId, o.count, o.occurredAt],
      );
      if ((inserted as unknown[]).length === 0) return false;
      await m.query(
        `INSERT INTO error_groups AS g (org_id, fingerprint, service, name, location, sample_message, sample_stack, count, first_seen, last_seen, sample_trace_id, last_error_id, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $9, $10, $11, 'open')
         ON CONFLICT (org_id, fingerprint) DO UPDATE SET
           count = g.count + EXCLUDED.count,
           first_seen = LEAST(g.first_seen, EXCLUDED.first_seen),
           last_seen = GREATEST(g.last_seen, EXCLUDED.last_seen),
           service = CASE WHEN EXCLUDED.last_seen >= g.last_seen THEN EXCLUDED.service ELSE g.service END,
           name = CASE WHEN EXCLUDED.last_seen >= g.last_seen THEN EXCLUDED.name ELSE g.name END,
           location = CASE WHEN EXCLUDED.last_seen >= g.last_seen THEN EXCLUDED.location ELSE g.location END,
           sample_message = CASE WHEN EXCLUDED.last_seen >= g.last_seen THEN EXCLUDED.sample_message ELSE g.sample_message END,
           sample_stack = CASE WHEN EXCLUDED.last_seen >= g.last_seen THEN EXCLUDED.sample_stack ELSE g.sample_stack END,
           last_error_id = CASE WHEN EXCLUDED.last_seen >= g.last_seen THEN EXCLUDED.last_error_id ELSE g.last_error_id END,
           sample_trace_id = CASE WHEN EXCLUDED.last_seen >= g.last_seen AND EXCLUDED.sample_trace_id IS NOT NULL THEN EXCLUDED.sample_trace_id
                                  ELSE COALESCE(g.sample_trace_id, EXCLUDED.sample_trace_id) END,
           status = CASE WHEN g.status = 'resolved' AND EXCLUDED.last_seen <= g.last_seen THEN 'resolved' ELSE 'open' END,
           resolved_at = CASE WHEN g.status = 'resolved' AND EXCLUDED.last_seen <= g.last_seen THEN g.resolved_at ELSE NULL END`,
        [o.orgId, o.fingerprint, o.service, o.name, o.where, o.message, JSON.stringify(o.stack), o.count, o.occurredAt, o.traceId, o.errorId],
      );
      await m.query(
        `DELETE FROM error_occurrences
         WHERE event_id IN (
           SELECT event_id FROM error_occurrences WHERE org_id = $1 AND fingerprint = $2
           ORDER BY occurred_at DESC, event_id DESC OFFSET $3)
         AND received_at < now() - make_interval(secs => $4)`,
        [o.orgId, o.fingerprint, keep, dedupeWindowSeconds],
      );
      return true;
    });
  }

  async groups(f: GroupFilter): Promise<ErrorGroupRow[]> {
    const where = ['org_id = $1'];
    const params: unknown[] = [f.orgId];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (f.service) add((p) => `service = ${p}`, f.service);
    if (f.status) add((p) => `status = ${p}`, f.status);
    if (f.since) add((p) => `last_seen >= ${p}`, f.since);
    if (f.after) {
      params.push(f.after.lastSeen, f.after.fingerprint);
      where.push(`(last_seen, fingerprint) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(f.limit);
    const rows = await this.db.query(
      `SELECT * FROM error_groups WHERE ${where.join(' AND ')} ORDER BY last_seen DESC, fingerprint DESC LIMIT $${params.length}`,
      params,
    );
    return (rows as Raw[]).map(toGroup);
  }

  async group(orgId: string, fingerprint: string): Promise<ErrorGroupRow | null> {
    const rows = (await this.db.query(`SELECT * FROM error_groups WHERE org_id = $1 AND fingerprint = $2`, [orgId, fingerprint])) as Raw[];
    return rows[0] ? toGroup(rows[0]) : null;
  }

  async occurrences(orgId: string, fingerprint: string, limit: number): Promise<OccurrenceRow[]> {
    const rows = await this.db.query(
      `SELECT * FROM error_occurrences WHERE org_id = $1 AND fingerprint = $2 ORDER BY occurred_at DESC, event_id DESC LIMIT $3`,
      [orgId, fingerprint, limit],
    );
    return (rows as Raw[]).map(toOccurrence);
  }

  /** Marks a group resolved (again: the time moves on). Null when there is no such group. */
  async resolve(orgId: string, fingerprint: string, at: Date): Promise<ErrorGroupRow | null> {
    const result = await this.db.query(
      `UPDATE error_groups SET status = 'resolved', resolved_at = $3 WHERE org_id = $1 AND fingerprint = $2 RETURNING *`,
      [orgId, fingerprint, at],
    );
    const rows = rowsOf(result);
    return rows[0] ? toGroup(rows[0]) : null;
  }
}
