import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema } from '../common/common.schema';

const seqSchema = z.number().int().nonnegative();
export const chainSignatureCheckSchema = z.enum(['valid', 'invalid', 'unknown_key']);

export const auditChainBrokenEvent = defineEvent({
  subject: EVENTS.auditChainBroken,
  version: 1,
  stream: STREAMS.audit.name,
  description:
    'A verification of an org’s audit chain (through the API or the scheduled AUDIT_VERIFY_CRON run) found it broken: an entry deleted, ' +
    'altered or inserted, or a checkpoint or retention anchor whose signature does not hold. Published once per break: the event id is ' +
    'derived from the org and the first problem (kind and sequence), else the first invalid checkpoint, so verifying the same break again ' +
    'publishes nothing new. A new event means a new, different break.',
  schema: z.object({
    problem: z
      .object({
        kind: z.enum(['deleted', 'altered', 'inserted']),
        seq: seqSchema.describe('Sequence number of the first entry affected (for a deletion: the first one missing)'),
        entryId: idSchema.nullable().describe('The stored entry at fault; null for a deletion'),
        message: z.string().max(1024),
      })
      .nullable()
      .describe('The first deleted, altered or inserted entry, walking from the start of the chain (or its anchor) to its head; null when only a signature is wrong'),
    checkpoints: z.object({
      checked: seqSchema,
      invalid: seqSchema.describe('Checkpoints whose signature is wrong or made with a key this service does not trust'),
      firstInvalid: z
        .object({ kind: z.enum(['periodic', 'anchor']), seq: seqSchema, keyId: z.string().max(256), signature: chainSignatureCheckSchema })
        .nullable(),
    }),
    anchor: z
      .object({ seq: seqSchema, signature: chainSignatureCheckSchema })
      .nullable()
      .describe('The retention anchor the walk would start from, when there is one'),
    head: z.object({ seq: seqSchema }).nullable().describe('The recorded head of the chain'),
    entriesVerified: seqSchema.describe('Entries that checked out before the first problem'),
    detectedAt: z.iso.datetime({ offset: true }),
    verifiedBy: z.enum(['api', 'schedule']).describe('`api`: someone asked (GET /v1/audit/verify, a compliance report); `schedule`: the periodic verification'),
  }),
});
export type AuditChainBroken = EventData<typeof auditChainBrokenEvent>;
