import { z } from 'zod';

export const ENVELOPE_SPEC_VERSION = '1.0';

/**
 * The `orgId` of events about something no organisation can be named for: a request with no key,
 * or with a key nobody issued. Organisation ids start with a letter or a digit, so this one never
 * collides with a real organisation's.
 */
export const UNATTRIBUTED_ORG_ID = '_unattributed';

/**
 * The `orgId` of events about the platform itself rather than a customer's organisation: a
 * provider deployment's circuit breaker (breakers are platform-wide), a failure no organisation
 * can be named for. Alert rules on such events are created for this org. Like `_unattributed`, it
 * cannot collide with a real id.
 */
export const PLATFORM_ORG_ID = '_platform';

/** W3C trace context `traceparent`: version-traceid-parentid-flags. */
export const traceparentSchema = z
  .string()
  .regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/, 'must be a W3C traceparent');

/**
 * The one envelope every event travels in. `id` doubles as the JetStream `Nats-Msg-Id`, so a
 * re-published event is stored once; consumers use it as their idempotency key.
 */
export const envelopeSchema = z.object({
  id: z.string().min(1).max(128),
  type: z.string().min(1),
  specversion: z.literal(ENVELOPE_SPEC_VERSION),
  dataversion: z.number().int().positive(),
  source: z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  orgId: z.string().min(1).max(128),
  traceparent: traceparentSchema.optional(),
  data: z.unknown(),
});

export type Envelope<T = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & { data: T };
