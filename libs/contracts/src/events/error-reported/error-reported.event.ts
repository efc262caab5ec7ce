import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema } from '../common/common.schema';

export const errorReportedEvent = defineEvent({
  subject: EVENTS.errorReported,
  version: 1,
  stream: STREAMS.errors.name,
  description:
    'A service hit an unexpected failure: a 500 from its HTTP API, or an RPC or event handler that threw something other than a domain error. ' +
    'The message is scrubbed of secrets and capped; the stack holds frames only, with paths relative to the app root; never a request body. ' +
    '`fingerprint` groups occurrences of the same failure from the same place. Reporters send at most one report per fingerprint per second; ' +
    '`count` says how many occurrences this report stands for. The envelope orgId is the organisation concerned when known, else `_platform`.',
  schema: z.object({
    service: z.string().min(1).max(64),
    errorId: idSchema.describe('The id the caller was given and the service log line carries'),
    name: z.string().min(1).max(128).describe('Error class name, e.g. `QueryFailedError`'),
    message: z.string().max(1024).describe('Scrubbed of key-like tokens, bearer tokens, credentials in URLs and long hex/base64 strings'),
    stack: z.array(z.string().max(512)).max(50).describe('Stack frames, innermost first: `at fn (path:line:col)`'),
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 in hex'),
    where: z.string().min(1).max(256).describe('`http <method> <route>`, `rpc <subject>` or `event <subject>`'),
    traceId: z.string().regex(/^[0-9a-f]{32}$/).optional().describe('Trace of the failing request or message, when one was active'),
    count: z.number().int().min(1).max(1_000_000_000).default(1).describe('Occurrences this report stands for: itself and those held back by the rate limit since the last report'),
    occurredAt: z.iso.datetime({ offset: true }),
  }),
});
export type ErrorReported = EventData<typeof errorReportedEvent>;
