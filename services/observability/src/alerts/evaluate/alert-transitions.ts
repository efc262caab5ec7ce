import { Injectable, Logger } from '@nestjs/common';
import { EventPublisher } from '@ironcage/bus';
import { alertFiredEvent, alertResolvedEvent } from '@ironcage/contracts';
import { Entropy } from '../../common/entropy';
import { type AlertRow, AlertsRepository, type RuleRow } from '../alerts.repository';
import { DeliveryWorker } from '../deliver/delivery-worker';
import { describeCondition, judge, type Measure } from '../rules/match-event';
import { silenceMatches } from '../silences/silence.schema';

/** Labels of an alert: what silences match on and receivers group by. */
export function alertLabels(rule: RuleRow, groupValues: Record<string, string>): Record<string, string> {
  return { ...groupValues, alertname: rule.name, rule_id: rule.id, severity: rule.severity, subject: rule.subject };
}

/**
 * Moves alerts between firing, silenced and resolved. Each move is one conditional statement (or
 * transaction) on the alert's row, so when replicas or concurrent events race, one of them wins and
 * only the winner queues notifications and announces the change.
 */
@Injectable()
export class AlertTransitions {
  private readonly logger = new Logger('Alerts');

  constructor(
    private readonly repo: AlertsRepository,
    private readonly events: EventPublisher,
    private readonly entropy: Entropy,
    private readonly worker: DeliveryWorker,
  ) {}

  /** The condition holds for this group: open its alert, or refresh the one already open. */
  async hold(rule: RuleRow, groupKey: string, groupValues: Record<string, string>, m: Measure, now: Date): Promise<AlertRow | null> {
    const { value } = judge(rule.condition, m);
    const summary = describeCondition(rule.subject, rule.condition, m, groupValues);
    const labels = alertLabels(rule, groupValues);
    const silence = (await this.repo.silences(rule.orgId, now)).find((s) => silenceMatches(s, { ruleId: rule.id, labels }));
    const opened = await this.repo.openAlert(
      {
        id: this.entropy.uuid(),
        orgId: rule.orgId,
        ruleId: rule.id,
        groupKey,
        labels,
        severity: rule.severity,
        summary,
        value,
        status: silence ? 'silenced' : 'firing',
        silenceId: silence?.id ?? null,
        notified: !silence && rule.channelIds.length > 0,
        startedAt: now,
        lastNotifiedAt: silence ? null : now,
        resolvedAt: null,
      },
      rule.channelIds,
      now,
    );
    if (!opened) {
      await this.repo.refreshAlert(rule.id, groupKey, value, summary);
      return null;
    }
    this.logger.log({ msg: `alert ${opened.status}`, orgId: rule.orgId, alertId: opened.id, ruleId: rule.id, groupKey, value });
    await this.announceFired(opened, rule);
    if (opened.status === 'firing') this.worker.kick();
    return opened;
  }

  async resolve(alert: AlertRow, rule: RuleRow | undefined, now: Date): Promise<void> {
    const resolved = await this.repo.resolveAlert(alert.id, rule?.channelIds ?? [], now);
    if (!resolved) return;
    this.logger.log({ msg: 'alert resolved', orgId: alert.orgId, alertId: alert.id, ruleId: alert.ruleId });
    await this.events.publish(
      alertResolvedEvent,
      {
        alertId: resolved.id,
        ruleId: resolved.ruleId,
        ruleName: rule?.name ?? resolved.labels.alertname ?? resolved.ruleId,
        severity: resolved.severity,
        groupKey: resolved.groupKey,
        labels: resolved.labels,
        summary: resolved.summary,
        notified: resolved.notified,
        startedAt: resolved.startedAt.toISOString(),
        resolvedAt: now.toISOString(),
      },
      { orgId: resolved.orgId, id: `alert-resolved:${resolved.id}` },
    );
    if (resolved.notified) this.worker.kick();
  }

  async unsilence(alert: AlertRow, rule: RuleRow, now: Date): Promise<void> {
    const firing = await this.repo.unsilenceAlert(alert.id, rule.channelIds, now);
    if (!firing) return;
    await this.announceFired(firing, rule, `:unsilenced:${now.getTime()}`);
    this.worker.kick();
  }

  async silence(alert: AlertRow, silenceId: string): Promise<void> {
    await this.repo.silenceAlert(alert.id, silenceId);
  }

  async repeat(alert: AlertRow, rule: RuleRow, now: Date): Promise<void> {
    if (await this.repo.repeatAlert(alert.id, alert.lastNotifiedAt, rule.channelIds, now)) this.worker.kick();
  }

  private async announceFired(a: AlertRow, rule: RuleRow, idSuffix = ''): Promise<void> {
    await this.events.publish(
      alertFiredEvent,
      {
        alertId: a.id,
        ruleId: a.ruleId,
        ruleName: rule.name,
        severity: a.severity,
        status: a.status === 'silenced' ? 'silenced' : 'firing',
        groupKey: a.groupKey,
        labels: a.labels,
        summary: a.summary,
        value: a.value,
        ...(a.silenceId ? { silenceId: a.silenceId } : {}),
        startedAt: a.startedAt.toISOString(),
      },
      { orgId: a.orgId, id: `alert-fired:${a.id}${idSuffix}` },
    );
  }
}
