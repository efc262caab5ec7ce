import { z } from 'zod';
import { orgIdSchema } from '../../audit/query-entries/audit-filters';

export const CHANNEL_KINDS = ['slack', 'pagerduty', 'email', 'webhook'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048);
const name = z.string().min(1).max(128).describe('Unique within the org');

export const createChannelSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    orgId: orgIdSchema,
    name,
    kind: z.literal('slack'),
    url: httpUrl.describe('Slack incoming-webhook URL (a secret: never shown again)'),
  }),
  z.strictObject({
    orgId: orgIdSchema,
    name,
    kind: z.literal('pagerduty'),
    routingKey: z.string().min(8).max(128).describe('Events API v2 integration (routing) key (a secret: never shown again)'),
    eventsUrl: httpUrl.optional().describe('Default: ALERTS_PAGERDUTY_EVENTS_URL (https://events.pagerduty.com/v2/enqueue)'),
  }),
  z.strictObject({
    orgId: orgIdSchema,
    name,
    kind: z.literal('email'),
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65535).default(587),
    security: z
      .enum(['tls', 'starttls', 'none'])
      .default('starttls')
      .describe('`tls`: TLS from the first byte (port 465); `starttls`: upgrade required, refuse a server without it; `none`: plain (local relays only)'),
    from: z.email().max(320),
    to: z.array(z.email().max(320)).min(1).max(50),
    username: z.string().min(1).max(256).optional(),
    password: z.string().min(1).max(1024).optional().describe('SMTP password (a secret: never shown again)'),
  }),
  z.strictObject({
    orgId: orgIdSchema,
    name,
    kind: z.literal('webhook'),
    url: httpUrl,
    secret: z
      .string()
      .min(16)
      .max(256)
      .optional()
      .describe('HMAC-SHA256 signing secret; generated and returned once as `signingSecret` when left out'),
  }),
]);
export type CreateChannelInput = z.input<typeof createChannelSchema>;
export type CreateChannel = z.output<typeof createChannelSchema>;

/** What a channel keeps in the clear, by kind. */
export type ChannelSettings =
  | { kind: 'slack' }
  | { kind: 'pagerduty'; eventsUrl: string }
  | { kind: 'email'; host: string; port: number; security: 'tls' | 'starttls' | 'none'; from: string; to: string[]; username?: string }
  | { kind: 'webhook'; url: string };

/** What a channel keeps sealed, by kind. */
export interface ChannelSecrets {
  url?: string;
  routingKey?: string;
  password?: string;
  secret?: string;
}

export const channelPathSchema = z.strictObject({ id: z.uuid() });
export const orgQuerySchema = z.strictObject({ orgId: orgIdSchema.describe('Organisation; every call is scoped to one') });
