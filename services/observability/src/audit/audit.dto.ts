import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { AUDIT_OUTCOMES } from './describe/describe-event';
import { complianceReportSchema } from './compliance-report/compliance-report.usecase';
import { exportEntriesSchema } from './export-entries/export-entries.usecase';
import { queryEntriesSchema } from './query-entries/query-entries.usecase';
import { verifyChainSchema } from './verify-chain/verify-chain.usecase';

export class AuditQueryDto extends createZodDto(queryEntriesSchema) {}
export class AuditExportQueryDto extends createZodDto(exportEntriesSchema) {}
export class VerifyChainQueryDto extends createZodDto(verifyChainSchema) {}
export class ComplianceReportQueryDto extends createZodDto(complianceReportSchema) {}

const hash = z.string().regex(/^[0-9a-f]{64}$/).describe('SHA-256, lower-case hex');

export const auditActorSchema = z
  .object({
    type: z.string().describe('`key`, `user`, `team`, `agent`, `org`, `service` or `connector`'),
    id: z.string().describe('The most specific identity that acted'),
    keyId: z.string().optional(),
    userId: z.string().optional(),
    teamId: z.string().optional(),
    projectId: z.string().optional(),
    agentId: z.string().optional(),
  })
  .describe('Who acted');

export const auditEntrySchema = z.object({
  id: z.uuid(),
  orgId: z.string(),
  seq: z.number().int().positive().describe("Position in the org's hash chain"),
  hash: hash.describe("This entry's chain hash"),
  eventId: z.string().describe('Envelope id of the event recorded'),
  action: z.string().describe('Event type, e.g. `request.received`'),
  source: z.string().describe('Service that published the event'),
  occurredAt: z.iso.datetime(),
  recordedAt: z.iso.datetime(),
  traceId: z.string().nullable(),
  actor: auditActorSchema.nullable(),
  resource: z.string().nullable().describe('`<type>:<id>`'),
  outcome: z.enum(AUDIT_OUTCOMES).nullable(),
  summary: z.string().nullable().describe('One line for humans'),
  data: z.record(z.string(), z.unknown()).describe('The event payload as published'),
  erased: z.boolean().describe('True once an erasure replaced personal data in this entry by pseudonyms'),
});

export class AuditPageDto extends createZodDto(
  z.object({
    entries: z.array(auditEntrySchema),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
  }),
) {}

const counts = z.record(z.string(), z.number().int());

const checkpointSummaryLite = z.object({ checked: z.number().int(), valid: z.number().int() });

const checkpointSummary = z.object({
  kind: z.enum(['periodic', 'anchor']),
  seq: z.number().int(),
  createdAt: z.iso.datetime(),
  keyId: z.string().describe('`ed25519:` + 16 hex digits of SHA-256 over the public key (SPKI DER)'),
});
const signatureCheck = z.enum(['valid', 'invalid', 'unknown_key']);

export class ChainVerificationDto extends createZodDto(
  z.object({
    orgId: z.string(),
    ok: z.boolean().describe('True when every entry and every checkpoint checked out'),
    verifiedAt: z.iso.datetime(),
    problem: z
      .object({
        kind: z.enum(['deleted', 'altered', 'inserted']),
        seq: z.number().int().describe('First entry affected; for a deletion, the first one missing'),
        entryId: z.uuid().nullable(),
        message: z.string(),
      })
      .nullable()
      .describe('The first problem on the way from the start (or the retention anchor) to the head'),
    entries: z.object({ verified: z.number().int(), firstSeq: z.number().int().nullable(), lastSeq: z.number().int().nullable() }),
    head: z.object({ seq: z.number().int(), hash }).nullable(),
    anchor: checkpointSummary
      .extend({ hash, signature: signatureCheck })
      .nullable()
      .describe('After a retention purge: the last purged entry, where verification starts'),
    checkpoints: z.object({
      checked: z.number().int(),
      valid: z.number().int(),
      firstInvalid: checkpointSummary.extend({ signature: signatureCheck }).nullable(),
      latest: checkpointSummary.nullable(),
    }),
    signingKeyId: z.string().describe('Key that signs new checkpoints'),
  }),
) {}

const problemSchema = z.object({ kind: z.enum(['deleted', 'altered', 'inserted']), seq: z.number().int(), entryId: z.uuid().nullable(), message: z.string() }).nullable();

export class ComplianceReportDto extends createZodDto(
  z.object({
    orgId: z.string(),
    period: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }),
    generatedAt: z.iso.datetime(),
    entries: z.object({ total: z.number().int(), byAction: counts, byOutcome: counts }),
    accessChanges: z.object({ total: z.number().int(), byAction: counts }).describe('Administrative and access changes by what changed (`key.revoked`, …)'),
    deniedRequests: z.number().int().describe('Requests refused for lack of access or budget'),
    policyViolations: z.object({ total: z.number().int(), byScannerAndAction: counts, blocked: z.number().int(), redacted: z.number().int() }),
    piiRedactions: z.number().int(),
    approvals: z.object({ requested: z.number().int(), approved: z.number().int(), denied: z.number().int(), expired: z.number().int() }),
    credentialAccess: z.object({ total: z.number().int(), byAction: counts }),
    erasures: z.object({ requested: z.number().int(), completionsByService: counts }),
    auditChain: z
      .object({
        ok: z.boolean(),
        problem: problemSchema,
        entries: z.object({ verified: z.number().int(), firstSeq: z.number().int().nullable(), lastSeq: z.number().int().nullable() }),
        head: z.object({ seq: z.number().int(), hash }).nullable(),
        anchor: checkpointSummary.extend({ hash, signature: signatureCheck }).nullable(),
        signingKeyId: z.string(),
        checkpoints: checkpointSummaryLite,
      })
      .describe('The org’s chain, verified when the report was made'),
  }),
) {}
