import { EVENT_CONTRACTS, EVENTS } from '@ironcage/contracts';
import { z } from 'zod';
import { alertSeveritySchema } from '@ironcage/contracts';
import { orgIdSchema } from '../../audit/query-entries/audit-filters';

/** Subjects a rule can count: every event but alerting's own (no alert about alerts) and audit.recorded (one per event anyway). */
export const ALERTABLE_SUBJECTS: string[] = Object.keys(EVENT_CONTRACTS).filter((s) => !s.startsWith('alert.') && s !== EVENTS.auditRecorded);

const path = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,4}$/, 'must be a field path such as `severity` or `principal.teamId`')
  .describe('A field of the event data, dotted for nested fields');
const scalar = z.union([z.string().max(512), z.number(), z.boolean()]);

const common = {
  filters: z
    .record(path, z.union([scalar, z.array(scalar).min(1).max(50)]))
    .default({})
    .describe('Field path → value (or list of values, any of which matches); every filter must match'),
  groupBy: z.array(path).max(5).default([]).describe('One alert per distinct combination of these fields (the alert key is rule + these values)'),
  windowSeconds: z.number().int().min(1).max(7 * 86_400).default(300),
};

export const eventCountConditionSchema = z.strictObject({
  kind: z.literal('event_count'),
  subject: z.enum(ALERTABLE_SUBJECTS as [string, ...string[]]).describe('Event subject, e.g. `budget.threshold`, `policy.violated`'),
  threshold: z.number().int().min(1).max(1_000_000).default(1).describe('Fires when at least this many matching events occurred in the window (1: every event)'),
  ...common,
});

export const errorRateConditionSchema = z.strictObject({
  kind: z.literal('error_rate'),
  statusAtLeast: z.number().int().min(400).max(599).default(500).describe('A request with this status or higher counts as an error'),
  ratePercent: z.number().gt(0).max(100).describe('Fires when errors are at least this share of the requests in the window'),
  minRequests: z.number().int().min(1).max(1_000_000).default(20).describe('…and the window holds at least this many requests'),
  ...common,
});

export const conditionSchema = z.discriminatedUnion('kind', [eventCountConditionSchema, errorRateConditionSchema]);
export type Condition = z.output<typeof conditionSchema>;

export const createRuleSchema = z.strictObject({
  orgId: orgIdSchema,
  name: z.string().min(1).max(128).describe('Unique within the org'),
  condition: conditionSchema,
  severity: alertSeveritySchema.default('warning'),
  channelIds: z.array(z.uuid()).max(20).default([]).describe('Channels notified; none: alerts are recorded only'),
  repeatIntervalSeconds: z.number().int().min(1).max(7 * 86_400).default(4 * 3600).describe('A firing alert is notified again at most this often'),
  enabled: z.boolean().default(true),
});
export type CreateRule = z.output<typeof createRuleSchema>;

export const updateRuleSchema = createRuleSchema.omit({ orgId: true }).partial();
