import { Injectable } from '@nestjs/common';
import { ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { z } from 'zod';
import { orgIdSchema } from '../../audit/query-entries/audit-filters';
import { Clock } from '../../common/clock';
import { ErrorsError, ErrorsErrorCode } from '../errors.exception';
import { type ErrorGroupRow, ErrorsRepository, type OccurrenceRow } from '../errors.repository';

const orgId = orgIdSchema.describe('Organisation whose errors to read; failures of the platform itself are under `_platform`');

export const listErrorsSchema = z.strictObject({
  orgId,
  service: z.string().min(1).max(64).optional().describe('Only groups of this service'),
  status: z.enum(['open', 'resolved']).optional(),
  since: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone' }).optional().describe('Only groups seen at or after this time'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(512).optional().describe('`nextCursor` of the previous page'),
});

export const errorGroupQuerySchema = z.strictObject({
  orgId,
  occurrences: z.coerce.number().int().min(1).max(500).default(20).describe('How many of the latest occurrences to include'),
});

export const orgOnlySchema = z.strictObject({ orgId });

export const fingerprintPathSchema = z.strictObject({ fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 in hex') });

export interface ErrorGroupView {
  orgId: string;
  fingerprint: string;
  service: string;
  name: string;
  where: string;
  message: string;
  stack: string[];
  count: number;
  firstSeen: string;
  lastSeen: string;
  sampleTraceId: string | null;
  lastErrorId: string;
  status: ErrorGroupRow['status'];
  resolvedAt: string | null;
}

export interface OccurrenceView {
  errorId: string;
  service: string;
  where: string;
  message: string;
  traceId: string | null;
  count: number;
  occurredAt: string;
}

const toView = (g: ErrorGroupRow): ErrorGroupView => ({
  orgId: g.orgId,
  fingerprint: g.fingerprint,
  service: g.service,
  name: g.name,
  where: g.where,
  message: g.sampleMessage,
  stack: g.sampleStack,
  count: g.count,
  firstSeen: g.firstSeen.toISOString(),
  lastSeen: g.lastSeen.toISOString(),
  sampleTraceId: g.sampleTraceId,
  lastErrorId: g.lastErrorId,
  status: g.status,
  resolvedAt: g.resolvedAt?.toISOString() ?? null,
});

const toOccurrenceView = (o: OccurrenceRow): OccurrenceView => ({
  errorId: o.errorId,
  service: o.service,
  where: o.where,
  message: o.message,
  traceId: o.traceId,
  count: o.count,
  occurredAt: o.occurredAt.toISOString(),
});

export const encodeCursor = (g: { lastSeen: Date; fingerprint: string }): string => Buffer.from(`${g.lastSeen.toISOString()}|${g.fingerprint}`).toString('base64url');

export function decodeCursor(cursor: string): { lastSeen: Date; fingerprint: string } {
  const [at, fingerprint] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const lastSeen = new Date(at ?? '');
  if (Number.isNaN(lastSeen.getTime()) || !/^[0-9a-f]{64}$/.test(fingerprint ?? '')) {
    throw new ErrorsError(ErrorsErrorCode.InvalidCursor, 'The cursor is invalid', [{ path: 'query.cursor', message: 'not a cursor this API handed out' }]);
  }
  return { lastSeen, fingerprint };
}

function parse<S extends z.ZodType>(schema: S, input: unknown, where: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ValidationError(`The ${where} is invalid`, zodIssuesToDetails(parsed.error, where));
  return parsed.data;
}

/** Error groups per org: listing, one group with its latest occurrences, resolving. */
@Injectable()
export class QueryErrorsUseCase {
  constructor(
    private readonly repo: ErrorsRepository,
    private readonly clock: Clock,
  ) {}

  async list(query: unknown): Promise<{ groups: ErrorGroupView[]; nextCursor: string | null }> {
    const q = parse(listErrorsSchema, query, 'query');
    const rows = await this.repo.groups({
      orgId: q.orgId,
      service: q.service,
      status: q.status,
      since: q.since ? new Date(q.since) : undefined,
      after: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    return { groups: page.map(toView), nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]) : null };
  }

  async get(path: unknown, query: unknown): Promise<ErrorGroupView & { occurrences: OccurrenceView[] }> {
    const { fingerprint } = parse(fingerprintPathSchema, path, 'path');
    const q = parse(errorGroupQuerySchema, query, 'query');
    const group = this.found(q.orgId, fingerprint, await this.repo.group(q.orgId, fingerprint));
    const occurrences = await this.repo.occurrences(q.orgId, fingerprint, q.occurrences);
    return { ...toView(group), occurrences: occurrences.map(toOccurrenceView) };
  }

  async resolve(path: unknown, query: unknown): Promise<ErrorGroupView> {
    const { fingerprint } = parse(fingerprintPathSchema, path, 'path');
    const q = parse(orgOnlySchema, query, 'query');
    return toView(this.found(q.orgId, fingerprint, await this.repo.resolve(q.orgId, fingerprint, this.clock.now())));
  }

  private found(orgId: string, fingerprint: string, group: ErrorGroupRow | null): ErrorGroupRow {
    if (!group) throw new ErrorsError(ErrorsErrorCode.GroupNotFound, `No error group ${fingerprint} in org ${orgId}`);
    return group;
  }
}
