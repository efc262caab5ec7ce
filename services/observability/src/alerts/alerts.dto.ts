import { alertSeveritySchema } from '@ironcage/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { CHANNEL_KINDS, channelPathSchema, createChannelSchema, orgQuerySchema } from './channels/channel.schema';
import { listAlertsSchema, listDeliveriesSchema } from './query/query-alerts.usecase';
import { conditionSchema, createRuleSchema, updateRuleSchema } from './rules/rule.schema';
import { createSilenceSchema } from './silences/silence.schema';

/** A union is no class: the use case validates the body, the OpenAPI document gets its JSON Schema. */
const { $schema: _dialect, ...channelBody } = z.toJSONSchema(createChannelSchema, { io: 'input', unrepresentable: 'any' });
export const createChannelBodySchema = channelBody as Record<string, unknown>;
export class IdPathDto extends createZodDto(channelPathSchema) {}
export class OrgQueryDto extends createZodDto(orgQuerySchema) {}
export class CreateRuleDto extends createZodDto(createRuleSchema) {}
export class UpdateRuleDto extends createZodDto(updateRuleSchema) {}
export class CreateSilenceDto extends createZodDto(createSilenceSchema) {}
export class ListAlertsQueryDto extends createZodDto(listAlertsSchema) {}
export class ListDeliveriesQueryDto extends createZodDto(listDeliveriesSchema) {}

const channel = z.object({
  id: z.uuid(),
  orgId: z.string(),
  name: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  settings: z.record(z.string(), z.unknown()).describe('What the channel keeps in the clear (never a URL of Slack, a routing key, a password or a signing secret)'),
  secretHint: z.string().describe('The secret masked: `••••` and its last four characters'),
  createdAt: z.iso.datetime(),
});
export class ChannelDto extends createZodDto(channel) {}
export class CreatedChannelDto extends createZodDto(
  channel.extend({ signingSecret: z.string().optional().describe('Webhook channels without a secret of their own: the generated signing secret, shown this once') }),
) {}
export class ChannelListDto extends createZodDto(z.object({ channels: z.array(channel) })) {}

const rule = z.object({
  id: z.uuid(),
  orgId: z.string(),
  name: z.string(),
  subject: z.string().describe('The event subject the rule counts'),
  condition: conditionSchema,
  severity: alertSeveritySchema,
  channelIds: z.array(z.uuid()),
  repeatIntervalSeconds: z.number().int(),
  enabled: z.boolean(),
  createdAt: z.iso.datetime(),
});
export class RuleDto extends createZodDto(rule) {}
export class RuleListDto extends createZodDto(z.object({ rules: z.array(rule) })) {}

const silence = z.object({
  id: z.uuid(),
  orgId: z.string(),
  ruleId: z.uuid().nullable(),
  labels: z.record(z.string(), z.string()),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  comment: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  active: z.boolean(),
});
export class SilenceDto extends createZodDto(silence) {}
export class SilenceListDto extends createZodDto(z.object({ silences: z.array(silence) })) {}

export class AlertListDto extends createZodDto(
  z.object({
    alerts: z.array(
      z.object({
        id: z.uuid(),
        orgId: z.string(),
        ruleId: z.uuid(),
        status: z.enum(['firing', 'silenced', 'resolved']),
        severity: alertSeveritySchema,
        summary: z.string(),
        value: z.number().describe('Events counted in the window, or the error rate in percent'),
        labels: z.record(z.string(), z.string()),
        groupKey: z.string(),
        silenceId: z.uuid().nullable(),
        notified: z.boolean().describe('Whether channels were told it fired'),
        startedAt: z.iso.datetime(),
        lastNotifiedAt: z.iso.datetime().nullable(),
        resolvedAt: z.iso.datetime().nullable(),
      }),
    ),
  }),
) {}

export class DeliveryListDto extends createZodDto(
  z.object({
    deliveries: z.array(
      z.object({
        id: z.uuid().describe('Delivery id, sent to webhooks as X-IronCage-Delivery'),
        alertId: z.uuid(),
        channelId: z.uuid(),
        channelKind: z.enum(CHANNEL_KINDS),
        notification: z.enum(['firing', 'repeat', 'resolved']),
        status: z.enum(['pending', 'delivered', 'failed']),
        attempts: z.number().int(),
        nextAttemptAt: z.iso.datetime().nullable(),
        lastStatus: z.number().int().nullable().describe('HTTP status (or SMTP reply code) of the last attempt'),
        lastError: z.string().nullable().describe('Why the last attempt failed; for a failed (dead-lettered) delivery, why it was given up'),
        createdAt: z.iso.datetime(),
        settledAt: z.iso.datetime().nullable(),
      }),
    ),
  }),
) {}
