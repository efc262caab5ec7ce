import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';

export interface NewAuditEntry {
  id: string;
  orgId: string;
  eventId: string;
  action: string;
  source: string;
  occurredAt: Date;
  traceId: string | null;
  actor: Record<string, unknown> | null;
  resource: string | null;
  outcome: string | null;
  data: Record<string, unknown>;
}

export interface AuditQuery {
  orgId: string;
  traceId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  afterSeq?: string;
  limit: number;
}

/** The only code that touches audit_entries. Every read is scoped by org. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Inserts unless an entry for the same event exists; true when this call inserted it. */
  async insertIfAbsent(e: NewAuditEntry): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO audit_entries (id, org_id, event_id, action, source, occurred_at, trace_id, actor, resource, outcome, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (event_id) DO NOTHING
       RETURNING id`,
      [e.id, e.orgId, e.eventId, e.action, e.source, e.occurredAt, e.traceId, e.actor, e.resource, e.outcome, e.data],
    );
    return rows.length === 1;
  }

  async find(q: AuditQuery): Promise<AuditEntryEntity[]> {
    const qb = this.db
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('e')
      .where('e.org_id = :orgId', { orgId: q.orgId })
      .orderBy('e.seq', 'ASC')
      .limit(q.limit);
    if (q.traceId) qb.andWhere('e.trace_id = :traceId', { traceId: q.traceId });
    if (q.action) qb.andWhere('e.action = :action', { action: q.action });
    if (q.from) qb.andWhere('e.occurred_at >= :from', { from: q.from });
    if (q.to) qb.andWhere('e.occurred_at < :to', { to: q.to });
    if (q.afterSeq) qb.andWhere('e.seq > :afterSeq', { afterSeq: q.afterSeq });
    return qb.getMany();
  }

  /** Deletes up to `batch` entries that occurred before the cutoff; returns how many. */
  async purgeBefore(cutoff: Date, batch: number): Promise<number> {
    const [row] = (await this.db.query(
      `WITH purged AS (
         DELETE FROM audit_entries WHERE id IN (SELECT id FROM audit_entries WHERE occurred_at < $1 ORDER BY seq LIMIT $2) RETURNING 1
       ) SELECT count(*)::int AS n FROM purged`,
      [cutoff, batch],
    )) as { n: number }[];
    return row.n;
  }
}
