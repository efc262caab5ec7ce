import { Injectable } from '@nestjs/common';
import { ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { z } from 'zod';
import { AuditRepository } from '../audit.repository';

export const queryEntriesSchema = z
  .object({
    orgId: z.string().min(1).max(128).describe('Organisation whose entries to read; every query is scoped to one org'),
    traceId: z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 lower-case hex digits').optional().describe('W3C trace id'),
    action: z.string().min(1).max(128).optional().describe('Event type, e.g. request.received'),
    from: z.iso.datetime({ offset: true }).optional().describe('Inclusive lower bound on when the event occurred'),
    to: z.iso.datetime({ offset: true }).optional().describe('Exclusive upper bound on when the event occurred'),
    cursor: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be a cursor returned by a previous page').optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
;
export type QueryEntriesCommand = z.input<typeof queryEntriesSchema>;

export interface AuditEntryView {
  id: string;
  orgId: string;
  eventId: string;
  action: string;
  source: string;
  occurredAt: string;
  recordedAt: string;
  traceId: string | null;
  actor: Record<string, unknown> | null;
  resource: string | null;
  outcome: string | null;
  data: Record<string, unknown>;
}

export interface AuditPage {
  entries: AuditEntryView[];
  nextCursor: string | null;
}

const encodeCursor = (seq: string) => Buffer.from(seq).toString('base64url');
const decodeCursor = (cursor: string): string => {
  const seq = Buffer.from(cursor, 'base64url').toString();
  if (!/^\d{1,19}$/.test(seq)) throw new ValidationError('The request is invalid', [{ path: 'query.cursor', message: 'must be a cursor returned by a previous page' }]);
  return seq;
};

/** Reads one org's audit entries in recording order, a page at a time. */
@Injectable()
export class QueryEntriesUseCase {
  constructor(private readonly audit: AuditRepository) {}

  async execute(command: QueryEntriesCommand): Promise<AuditPage> {
    const parsed = queryEntriesSchema.safeParse(command);
    if (!parsed.success) throw new ValidationError('The request is invalid', zodIssuesToDetails(parsed.error, 'query'));
    const q = parsed.data;
    const rows = await this.audit.find({
      orgId: q.orgId,
      traceId: q.traceId,
      action: q.action,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      afterSeq: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    return {
      entries: page.map((r) => ({
        id: r.id,
        orgId: r.orgId,
        eventId: r.eventId,
        action: r.action,
        source: r.source,
        occurredAt: r.occurredAt.toISOString(),
        recordedAt: r.recordedAt.toISOString(),
        traceId: r.traceId,
        actor: r.actor,
        resource: r.resource,
        outcome: r.outcome,
        data: r.data,
      })),
      nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1].seq) : null,
    };
  }
}
