import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { errorGroupQuerySchema, fingerprintPathSchema, listErrorsSchema, orgOnlySchema } from './query-errors/query-errors.usecase';

export class ListErrorsQueryDto extends createZodDto(listErrorsSchema) {}
export class ErrorGroupQueryDto extends createZodDto(errorGroupQuerySchema) {}
export class ErrorOrgQueryDto extends createZodDto(orgOnlySchema) {}
export class FingerprintPathDto extends createZodDto(fingerprintPathSchema) {}

const group = z.object({
  orgId: z.string(),
  fingerprint: z.string().describe('sha256 of the service, the error name and its innermost in-app frames (function and file)'),
  service: z.string(),
  name: z.string().describe('Error class name'),
  where: z.string().describe('`http <method> <route>`, `rpc <subject>` or `event <subject>` of the latest occurrence'),
  message: z.string().describe('Latest message, scrubbed of secrets'),
  stack: z.array(z.string()).describe('Frames of the latest occurrence, innermost first, paths relative to the app root'),
  count: z.number().int().describe('Occurrences, those the reporters rate-limited included'),
  firstSeen: z.iso.datetime(),
  lastSeen: z.iso.datetime(),
  sampleTraceId: z.string().nullable().describe('A trace of a recent occurrence (GET /v1/traces/{traceId})'),
  lastErrorId: z.string().describe('The error id of the latest occurrence, as the caller was told and the service logged'),
  status: z.enum(['open', 'resolved']),
  resolvedAt: z.iso.datetime().nullable(),
});

const occurrence = z.object({
  errorId: z.string(),
  service: z.string(),
  where: z.string(),
  message: z.string(),
  traceId: z.string().nullable(),
  count: z.number().int().describe('Occurrences this report stood for'),
  occurredAt: z.iso.datetime(),
});

export class ErrorGroupDto extends createZodDto(group) {}
export class ErrorGroupDetailDto extends createZodDto(group.extend({ occurrences: z.array(occurrence).describe('Latest first') })) {}
export class ErrorGroupPageDto extends createZodDto(z.object({ groups: z.array(group), nextCursor: z.string().nullable() })) {}
