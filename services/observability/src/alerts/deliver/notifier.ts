import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '@ironcage/kit';
import { createTransport } from 'nodemailer';
import type { ObservabilityConfig } from '../../config';
import type { DueDelivery } from '../alerts.repository';
import type { ChannelSecrets, ChannelSettings } from '../channels/channel.schema';
import { NOTIFICATION_TYPES, type RenderedAlert } from './render';
import { DeliveryFailure, parseRetryAfter, retryableStatus } from './retry-policy';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signWebhook } from './webhook-signature';

const PAGERDUTY_SEVERITY = { info: 'info', warning: 'warning', error: 'error', critical: 'critical' } as const;
const USER_AGENT = 'IronCage-Alerts/1';

/** Slack mrkdwn treats &, < and > as control characters. */
const slackEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Sends one notification over the wire, in the channel's own protocol; the only code here that
 * leaves the machine. Throws DeliveryFailure saying whether another attempt can help.
 */
@Injectable()
export class Notifier {
  constructor(@Inject(CONFIG) private readonly config: ObservabilityConfig) {}

  async send(d: DueDelivery, secrets: ChannelSecrets, r: RenderedAlert, now: Date): Promise<{ status?: number }> {
    const settings = d.channel.settings;
    switch (settings.kind) {
      case 'slack':
        return this.post(secrets.url!, this.slackBody(d, r), {});
      case 'pagerduty':
        return this.post(settings.eventsUrl, this.pagerDutyBody(d, secrets.routingKey!), {}, (status, text) => {
          if (status !== 202) return;
          // PagerDuty answers 202 {status:"success"}; anything else was not accepted
          const body = safeJson(text) as { status?: string } | undefined;
          if (body?.status !== 'success') throw new DeliveryFailure(`PagerDuty answered 202 without status "success"`, true, status);
        });
      case 'webhook': {
        const body = JSON.stringify(r.json);
        return this.post(settings.url, body, {
          [SIGNATURE_HEADER]: signWebhook(secrets.secret!, body, Math.floor(now.getTime() / 1000)),
          [DELIVERY_HEADER]: d.id,
          [EVENT_HEADER]: NOTIFICATION_TYPES[d.notification],
        });
      }
      case 'email':
        return this.mail(settings, secrets, d, r);
    }
  }

  private slackBody(d: DueDelivery, r: RenderedAlert): string {
    const icon = d.notification === 'resolved' ? ':white_check_mark:' : d.alert.severity === 'critical' || d.alert.severity === 'error' ? ':rotating_light:' : ':warning:';
    return JSON.stringify({
      text: `${r.title}: ${r.summary}`,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: r.title.slice(0, 150), emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: `${icon} ${slackEscape(r.summary)}`.slice(0, 3000) } },
        { type: 'context', elements: r.lines.slice(1).map((l) => ({ type: 'mrkdwn', text: slackEscape(l).slice(0, 3000) })).slice(0, 10) },
      ],
    });
  }

  private pagerDutyBody(d: DueDelivery, routingKey: string): string {
    const a = d.alert;
    if (d.notification === 'resolved') return JSON.stringify({ routing_key: routingKey, event_action: 'resolve', dedup_key: a.id });
    return JSON.stringify({
      routing_key: routingKey,
      event_action: 'trigger',
      dedup_key: a.id,
      client: 'Iron Cage',
      payload: {
        summary: `${d.ruleName}: ${a.summary}`.slice(0, 1024),
        source: `ironcage/${a.orgId}`,
        severity: PAGERDUTY_SEVERITY[a.severity],
        timestamp: a.startedAt.toISOString(),
        component: a.labels.subject,
        group: a.orgId,
        class: d.ruleName,
        custom_details: { alertId: a.id, ruleId: a.ruleId, value: a.value, labels: a.labels, summary: a.summary },
      },
    });
  }

  private async post(url: string, body: string, headers: Record<string, string>, check?: (status: number, text: string) => void): Promise<{ status: number }> {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...headers },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.ALERTS_DELIVERY_TIMEOUT_MS),
      });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      const why = err.name === 'TimeoutError' ? `no answer within ${this.config.ALERTS_DELIVERY_TIMEOUT_MS} ms` : (err.cause?.code ?? err.message);
      throw new DeliveryFailure(`request failed: ${why}`, true);
    }
    const text = (await res.text().catch(() => '')).slice(0, 512);
    if (res.status >= 200 && res.status < 300) {
      check?.(res.status, text);
      return { status: res.status };
    }
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), new Date());
    throw new DeliveryFailure(`receiver answered ${res.status}${text ? `: ${text.replace(/\s+/g, ' ')}` : ''}`, retryableStatus(res.status), res.status, retryAfterMs);
  }

  private async mail(s: Extract<ChannelSettings, { kind: 'email' }>, secrets: ChannelSecrets, d: DueDelivery, r: RenderedAlert): Promise<{ status?: number }> {
    const timeout = this.config.ALERTS_DELIVERY_TIMEOUT_MS;
    const transport = createTransport({
      host: s.host,
      port: s.port,
      secure: s.security === 'tls',
      requireTLS: s.security === 'starttls',
      ignoreTLS: s.security === 'none',
      auth: s.username ? { user: s.username, pass: secrets.password ?? '' } : undefined,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    try {
      await transport.sendMail({
        from: s.from,
        to: s.to,
        subject: `${r.title} (${d.alert.severity})`,
        text: `${r.lines.join('\n')}\n`,
        headers: { [DELIVERY_HEADER]: d.id, 'X-IronCage-Alert-Id': d.alert.id, [EVENT_HEADER]: NOTIFICATION_TYPES[d.notification] },
      });
      return {};
    } catch (e) {
      const err = e as Error & { code?: string; responseCode?: number };
      // SMTP 4xx is "try again later"; 5xx and a refused login are final
      const retryable = err.responseCode ? err.responseCode < 500 : err.code !== 'EAUTH' && err.code !== 'EENVELOPE';
      throw new DeliveryFailure(`SMTP: ${err.code ?? ''} ${err.responseCode ?? ''} ${err.message}`.replace(/\s+/g, ' ').trim(), retryable, err.responseCode);
    } finally {
      transport.close();
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
