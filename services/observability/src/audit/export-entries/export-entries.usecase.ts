import { pipeline, type Readable, Transform } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { stringify } from 'csv-stringify';
import { z } from 'zod';
import { type AuditEntryRow, AuditRepository } from '../audit.repository';
import { auditFilterShape, RANGE_MESSAGE, rangeIsOrdered } from '../query-entries/audit-filters';
import { toView } from '../query-entries/query-entries.usecase';

export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;

export const exportEntriesSchema = z
  .strictObject({
    ...auditFilterShape,
    from: auditFilterShape.from.unwrap(),
    to: auditFilterShape.to.unwrap(),
    format: z.enum(EXPORT_FORMATS).default('jsonl').describe('`jsonl`: one JSON entry per line; `csv`: RFC 4180 with a header row'),
  })
  .refine(rangeIsOrdered, RANGE_MESSAGE);
export type ExportEntriesCommand = z.input<typeof exportEntriesSchema>;

export interface AuditExport {
  contentType: string;
  filename: string;
  body: Readable;
}

/** CSV columns, in order. Nested values (`data`) are JSON in one cell. */
export const CSV_COLUMNS = [
  'seq',
  'id',
  'occurredAt',
  'recordedAt',
  'orgId',
  'action',
  'outcome',
  'actorType',
  'actorId',
  'keyId',
  'userId',
  'teamId',
  'agentId',
  'resource',
  'summary',
  'traceId',
  'source',
  'eventId',
  'hash',
  'erased',
  'data',
] as const;

/** A spreadsheet runs a cell starting with = + - @ (or a tab or CR before them) as a formula: such cells get a leading apostrophe (OWASP). */
const defuse = (s: string | null | undefined): string => (s ? (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s) : '');

export function csvRecord(r: AuditEntryRow): Record<(typeof CSV_COLUMNS)[number], string> {
  return {
    seq: String(r.seq),
    id: r.id,
    occurredAt: r.occurredAt.toISOString(),
    recordedAt: r.recordedAt.toISOString(),
    orgId: defuse(r.orgId),
    action: r.action,
    outcome: r.outcome ?? '',
    actorType: defuse(r.actor?.type),
    actorId: defuse(r.actor?.id),
    keyId: defuse(r.actor?.keyId),
    userId: defuse(r.actor?.userId),
    teamId: defuse(r.actor?.teamId),
    agentId: defuse(r.actor?.agentId),
    resource: defuse(r.resource),
    summary: defuse(r.summary),
    traceId: r.traceId ?? '',
    source: defuse(r.source),
    eventId: defuse(r.eventId),
    hash: r.hash,
    erased: String(r.erased),
    data: JSON.stringify(r.data),
  };
}

/** A JSONL line: the entry as the query API shows it, plus its chain link, so an export can be checked for gaps and links. */
export const jsonlLine = (r: AuditEntryRow): string => `${JSON.stringify({ ...toView(r), prevHash: r.prevHash, personalDigest: r.personalDigest })}\n`;

/**
 * Streams one org's entries for a time range as JSONL or CSV, straight from a database cursor to
 * the caller with back-pressure: nothing but the rows in flight is held in memory.
 */
@Injectable()
export class ExportEntriesUseCase {
  private readonly logger = new Logger(ExportEntriesUseCase.name);

  constructor(private readonly audit: AuditRepository) {}

  async execute(command: ExportEntriesCommand): Promise<AuditExport> {
    const parsed = exportEntriesSchema.safeParse(command);
    if (!parsed.success) throw new ValidationError('The request is invalid', zodIssuesToDetails(parsed.error, 'query'));
    const { format, ...filter } = parsed.data;
    const rows = await this.audit.stream(filter);
    const encode =
      format === 'csv'
        ? stringify({ header: true, columns: [...CSV_COLUMNS], cast: { boolean: String } })
        : new Transform({
            writableObjectMode: true,
            transform(row: AuditEntryRow, _enc, done) {
              done(null, jsonlLine(row));
            },
          });
    const toRecord = new Transform({
      objectMode: true,
      transform(row: AuditEntryRow, _enc, done) {
        done(null, format === 'csv' ? csvRecord(row) : row);
      },
    });
    const body = pipeline(rows, toRecord, encode, (err) => {
      if (err && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') this.logger.error({ msg: 'audit export failed midway', orgId: filter.orgId, err });
    });
    const stamp = (iso: string) => iso.replace(/[:.]/g, '-');
    return {
      contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      filename: `audit-${filter.orgId.replace(/[^A-Za-z0-9_-]/g, '_')}-${stamp(filter.from)}-${stamp(filter.to)}.${format}`,
      body,
    };
  }
}
