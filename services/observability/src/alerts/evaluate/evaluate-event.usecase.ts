import { Injectable } from '@nestjs/common';
import type { Envelope } from '@ironcage/contracts';
import { Clock } from '../../common/clock';
import { AlertsRepository } from '../alerts.repository';
import { groupOf, isFailure, judge, matchesFilters } from '../rules/match-event';
import { RuleCache } from '../rules/rule-cache';
import { AlertTransitions } from './alert-transitions';

/**
 * One event through the org's rules for its subject: each rule it matches counts it once (by
 * envelope id, so a redelivery changes nothing) in its group's window, and the group's alert opens
 * when the window's counts meet the condition. Clearing is the periodic evaluation's job.
 */
@Injectable()
export class EvaluateEventUseCase {
  constructor(
    private readonly rules: RuleCache,
    private readonly repo: AlertsRepository,
    private readonly transitions: AlertTransitions,
    private readonly clock: Clock,
  ) {}

  async execute(subject: string, envelope: Envelope): Promise<void> {
    const rules = await this.rules.rulesFor(envelope.orgId, subject);
    if (!rules.length) return;
    const now = this.clock.now();
    const occurredAt = new Date(envelope.time);
    for (const rule of rules) {
      const c = rule.condition;
      if (!matchesFilters(c, envelope.data)) continue;
      const since = now.getTime() - c.windowSeconds * 1000;
      if (occurredAt.getTime() <= since) continue; // too old to count in any window that is still open
      const group = groupOf(c, envelope.data);
      await this.repo.observe({ ruleId: rule.id, groupKey: group.key, eventId: envelope.id, orgId: envelope.orgId, occurredAt, failed: isFailure(c, envelope.data) });
      const m = await this.repo.measure(rule.id, group.key, new Date(since));
      if (judge(c, m).holds) await this.transitions.hold(rule, group.key, group.values, m, now);
    }
  }
}
