import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG } from '@ironcage/kit';
import { Clock } from '../../common/clock';
import type { ObservabilityConfig } from '../../config';
import { AlertsRepository, type AlertRow, type RuleRow, type SilenceRow } from '../alerts.repository';
import { judge } from '../rules/match-event';
import { silenceMatches } from '../silences/silence.schema';
import { AlertTransitions } from './alert-transitions';

/**
 * Every ALERTS_EVALUATE_INTERVAL_MS, in every replica: resolves open alerts whose condition no
 * longer holds over its window, applies silences that started or ended, queues repeats of alerts
 * still firing after their rule's repeat interval, and forgets observations that left every window.
 */
@Injectable()
export class AlertEvaluator implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AlertEvaluator');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly repo: AlertsRepository,
    private readonly transitions: AlertTransitions,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: ObservabilityConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tickOnce(), this.config.ALERTS_EVALUATE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tickOnce(): Promise<void> {
    this.running ??= this.tick()
      .catch((e: unknown) => this.logger.error({ msg: 'alert evaluation failed; next round will retry', reason: (e as Error).message }))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async tick(): Promise<void> {
    const now = this.clock.now();
    const open = await this.repo.openAlerts();
    if (open.length) {
      const rules = await this.repo.rulesById([...new Set(open.map((a) => a.ruleId))]);
      const silences = new Map<string, SilenceRow[]>();
      for (const alert of open) {
        const rule = rules.get(alert.ruleId);
        if (!silences.has(alert.orgId)) silences.set(alert.orgId, await this.repo.silences(alert.orgId, now));
        await this.evaluate(alert, rule, silences.get(alert.orgId)!, now);
      }
    }
    await this.repo.pruneObservations(now);
  }

  private async evaluate(alert: AlertRow, rule: RuleRow | undefined, silences: SilenceRow[], now: Date): Promise<void> {
    if (!rule || !rule.enabled) return this.transitions.resolve(alert, rule, now);
    const m = await this.repo.measure(rule.id, alert.groupKey, new Date(now.getTime() - rule.condition.windowSeconds * 1000));
    if (!judge(rule.condition, m).holds) return this.transitions.resolve(alert, rule, now);
    const silence = silences.find((s) => silenceMatches(s, alert));
    if (alert.status === 'silenced' && !silence) return this.transitions.unsilence(alert, rule, now);
    if (alert.status === 'firing' && silence) return this.transitions.silence(alert, silence.id);
    if (alert.status === 'firing' && alert.lastNotifiedAt && now.getTime() - alert.lastNotifiedAt.getTime() >= rule.repeatIntervalSeconds * 1000) {
      return this.transitions.repeat(alert, rule, now);
    }
  }
}
