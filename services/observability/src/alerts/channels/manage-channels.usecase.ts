import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import type { z } from 'zod';
import { Clock } from '../../common/clock';
import { Entropy } from '../../common/entropy';
import type { ObservabilityConfig } from '../../config';
import { AlertsError, AlertsErrorCode } from '../alerts.exception';
import { AlertsRepository, type ChannelRow } from '../alerts.repository';
import { type ChannelSecrets, type ChannelSettings, createChannelSchema, orgQuerySchema } from './channel.schema';
import { maskSecret, SecretBox } from './secret-box';

export interface ChannelView {
  id: string;
  orgId: string;
  name: string;
  kind: ChannelSettings['kind'];
  settings: Record<string, unknown>;
  /** The secret, masked: `••••` and its last four characters. */
  secretHint: string;
  createdAt: string;
}

export const toChannelView = (c: ChannelRow): ChannelView => {
  const { kind: _kind, ...settings } = c.settings;
  return { id: c.id, orgId: c.orgId, name: c.name, kind: c.kind, settings, secretHint: c.secretHint, createdAt: c.createdAt.toISOString() };
};

/** Where alerts go, per org. Secrets are sealed before they are stored and never come back out of the API. */
@Injectable()
export class ManageChannelsUseCase {
  constructor(
    private readonly repo: AlertsRepository,
    private readonly box: SecretBox,
    private readonly clock: Clock,
    private readonly entropy: Entropy,
    @Inject(CONFIG) private readonly config: ObservabilityConfig,
  ) {}

  async create(input: unknown): Promise<ChannelView & { signingSecret?: string }> {
    const parsed = createChannelSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError('The request body is invalid', zodIssuesToDetails(parsed.error, 'body'));
    const c = parsed.data;
    const { settings, secrets, generated } = this.split(c);
    const id = this.entropy.uuid();
    const primary = secrets.url ?? secrets.routingKey ?? secrets.secret ?? secrets.password;
    const row = await this.repo.insertChannel({
      id,
      orgId: c.orgId,
      name: c.name,
      kind: c.kind,
      settings,
      sealedSecrets: this.box.seal(secrets as Record<string, string>, sealContext(c.orgId, id)),
      secretHint: primary ? maskSecret(primary) : '',
      createdAt: this.clock.now(),
    });
    if (!row) throw new AlertsError(AlertsErrorCode.NameTaken, `Organisation ${c.orgId} already has a channel named "${c.name}"`);
    return generated ? { ...toChannelView(row), signingSecret: generated } : toChannelView(row);
  }

  async list(query: unknown): Promise<ChannelView[]> {
    const { orgId } = parseQuery(query);
    return (await this.repo.channels(orgId)).map(toChannelView);
  }

  async get(id: string, query: unknown): Promise<ChannelView> {
    const { orgId } = parseQuery(query);
    const row = await this.repo.channel(orgId, id);
    if (!row) throw new AlertsError(AlertsErrorCode.ChannelNotFound, `No channel ${id} in organisation ${orgId}`);
    return toChannelView(row);
  }

  async remove(id: string, query: unknown): Promise<ChannelView> {
    const channel = await this.get(id, query);
    const users = await this.repo.rulesUsingChannel(channel.orgId, id);
    if (users.length) throw new AlertsError(AlertsErrorCode.ChannelInUse, `Channel ${id} is still notified by rule(s) ${users.join(', ')}`);
    await this.repo.deleteChannel(channel.orgId, id);
    return channel;
  }

  private split(c: z.output<typeof createChannelSchema>): { settings: ChannelSettings; secrets: ChannelSecrets; generated?: string } {
    switch (c.kind) {
      case 'slack':
        return { settings: { kind: 'slack' }, secrets: { url: c.url } };
      case 'pagerduty':
        return { settings: { kind: 'pagerduty', eventsUrl: c.eventsUrl ?? this.config.ALERTS_PAGERDUTY_EVENTS_URL }, secrets: { routingKey: c.routingKey } };
      case 'email':
        return {
          settings: { kind: 'email', host: c.host, port: c.port, security: c.security, from: c.from, to: c.to, ...(c.username ? { username: c.username } : {}) },
          secrets: c.password ? { password: c.password } : {},
        };
      case 'webhook': {
        const generated = c.secret ? undefined : `whsec_${this.entropy.bytes(32).toString('base64url')}`;
        return { settings: { kind: 'webhook', url: c.url }, secrets: { secret: c.secret ?? generated! }, generated };
      }
    }
  }
}

export const sealContext = (orgId: string, channelId: string): string => `alert-channel:${orgId}:${channelId}`;

export function parseQuery(query: unknown): z.output<typeof orgQuerySchema> {
  const parsed = orgQuerySchema.safeParse(query);
  if (!parsed.success) throw new ValidationError('The query is invalid', zodIssuesToDetails(parsed.error, 'query'));
  return parsed.data;
}
