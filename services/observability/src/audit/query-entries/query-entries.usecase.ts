import { Injectable } from '@nestjs/common';
import { ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { z } from 'zod';
import { AuditError, AuditErrorCode } from '../audit.exception';
import { type AuditEntryRow, AuditRepository } from '../audit.repository';
import type { AuditActor } from '../chain/audit-chain';
import { auditFilterShape, RANGE_MESSAGE, rangeIsOrdered } from './audit-filters';

export const queryEntriesSchema = z
  .strictObject({
    ...auditFilterShape,
    order: z.enum(['asc', 'desc']).default('asc').describe('Oldest first (chain order) or newest first'),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be a cursor returned by a previous page')
      .optional()
      .describe('`nextCursor` of the previous page'),
    limit: z.coerce.number().int().min(1).max(1000).default(100).describe('Entries per page'),
  })
  .refine(rangeIsOrdered, RANGE_MESSAGE);
export type QueryEntriesCommand = z.input<typeof queryEntriesSchema>;

export interface AuditEntryView {
  id: string;
  orgId: string;
  /** Position in the org's hash chain. */
  seq: number;
  hash: string;
  eventId: string;
  action: string;
  source: string;
  occurredAt: string;
  recordedAt: string;
  traceId: string | null;
  actor: AuditActor | null;
  resource: string | null;
  outcome: string | null;
  summary: string | null;
  data: Record<string, unknown>;
  /** True once an erasure replaced the personal data in it by pseudonyms. */
  erased: boolean;
}

export interface AuditPage {
  entries: AuditEntryView[];
  nextCursor: string | null;
}

export const toView = (r: AuditEntryRow): AuditEntryView => ({
  id: r.id,
  orgId: r.orgId,
  seq: r.seq,
  hash: r.hash,
  eventId: r.eventId,
  action: r.action,
  source: r.source,
  occurredAt: r.occurredAt.toISOString(),
  recordedAt: r.recordedAt.toISOString(),
  traceId: r.traceId,
  actor: r.actor,
  resource: r.resource,
  outcome: r.outcome,
  summary: r.summary,
  data: r.data,
  erased: r.erased,
});

/** A cursor names the last entry of a page and the direction it was read in: `a123` / `d123`, base64url. */
export const encodeCursor = (order: 'asc' | 'desc', seq: number): string => Buffer.from(`${order[0]}${seq}`).toString('base64url');

export function decodeCursor(cursor: string, order: 'asc' | 'desc'): number {
  const m = /^([ad])(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  const invalid = (message: string) => new AuditError(AuditErrorCode.InvalidCursor, 'The cursor is not valid for this query', [{ path: 'query.cursor', message }]);
  if (!m) throw invalid('must be a cursor returned by a previous page');
  if (m[1] !== order[0]) throw invalid(`was returned for order=${m[1] === 'a' ? 'asc' : 'desc'}; keep the same order while paging`);
  return Number(m[2]);
}

/** Reads one org's audit entries in chain order (or newest first), filtered, a page at a time. */
@Injectable()
export class QueryEntriesUseCase {
  constructor(private readonly audit: AuditRepository) {}

  async execute(command: QueryEntriesCommand): Promise<AuditPage> {
    const parsed = queryEntriesSchema.safeParse(command);
    if (!parsed.success) throw new ValidationError('The request is invalid', zodIssuesToDetails(parsed.error, 'query'));
    const { order, cursor, limit, ...filter } = parsed.data;
    const rows = await this.audit.find(filter, { order, cursorSeq: cursor ? decodeCursor(cursor, order) : undefined, limit: limit + 1 });
    const page = rows.slice(0, limit);
    return {
      entries: page.map(toView),
      nextCursor: rows.length > limit ? encodeCursor(order, page[page.length - 1].seq) : null,
    };
  }
}
