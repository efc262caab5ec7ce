import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema } from '../common/common.schema';

export const circuitStateSchema = z.enum(['closed', 'open', 'half-open']);

export const providerCircuitChangedEvent = defineEvent({
  subject: EVENTS.providerCircuitChanged,
  version: 1,
  stream: STREAMS.providers.name,
  description:
    'A gateway replica’s circuit breaker for one provider deployment changed state: closed → open (consecutive failures, or a retry-after), ' +
    'open → half-open (the open period is over, probes go through), half-open → closed (probes succeeded) or → open (a probe failed). ' +
    'Breakers are per replica and per deployment, platform-wide: the envelope orgId is `_platform` (PLATFORM_ORG_ID), and alert rules on ' +
    'this subject are created for that org. Published off the request path, at most once per transition (its own event id).',
  schema: z.object({
    deploymentId: idSchema,
    provider: z.string().min(1).max(64),
    publicModels: z.array(z.string().max(256)).max(100).describe('The public model the deployment serves, and its aliases'),
    from: circuitStateSchema,
    to: circuitStateSchema,
    reason: z.string().max(256).describe('e.g. `5 consecutive failures`, `upstream asked to retry later`, `open period over`, `probe failed`'),
    consecutiveFailures: z.number().int().nonnegative().describe('Consecutive failures counted while closed (the count that opened it)'),
    failureThreshold: z.number().int().positive(),
    openForMs: z.number().int().nonnegative().optional().describe('When `to` is `open`: how long until the next probe'),
    replicaId: z.string().min(1).max(128).describe('The gateway replica whose breaker it is (host and process)'),
    changedAt: z.iso.datetime({ offset: true }),
  }),
});
export type ProviderCircuitChanged = EventData<typeof providerCircuitChangedEvent>;
