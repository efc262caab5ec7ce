import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { CONFIG } from '@ironcage/kit';
import { Clock, SystemClock } from '../common/clock';
import { Entropy, SystemEntropy } from '../common/entropy';
import type { ObservabilityConfig } from '../config';
import { AlertsConsumer } from './alerts.consumer';
import { AlertChannelsController, AlertRulesController, AlertsController, AlertSilencesController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { ManageChannelsUseCase } from './channels/manage-channels.usecase';
import { SecretBox } from './channels/secret-box';
import { DeliveryWorker } from './deliver/delivery-worker';
import { Notifier } from './deliver/notifier';
import { AlertEvaluator } from './evaluate/alert-evaluator';
import { AlertTransitions } from './evaluate/alert-transitions';
import { EvaluateEventUseCase } from './evaluate/evaluate-event.usecase';
import { QueryAlertsUseCase } from './query/query-alerts.usecase';
import { ManageRulesUseCase } from './rules/manage-rules.usecase';
import { RuleCache } from './rules/rule-cache';
import { ManageSilencesUseCase } from './silences/manage-silences.usecase';

/** Alert rules over the bus's events, their state, silences and notifications to Slack, PagerDuty, e-mail and webhooks. */
@Module({
  controllers: [AlertChannelsController, AlertRulesController, AlertSilencesController, AlertsController, AlertsConsumer],
  providers: [
    { provide: Clock, useClass: SystemClock },
    { provide: Entropy, useClass: SystemEntropy },
    { provide: SecretBox, inject: [CONFIG], useFactory: (c: ObservabilityConfig) => new SecretBox(c.ALERTS_SECRETS_KEY) },
    AlertsRepository,
    RuleCache,
    Notifier,
    DeliveryWorker,
    AlertTransitions,
    AlertEvaluator,
    EvaluateEventUseCase,
    ManageChannelsUseCase,
    ManageRulesUseCase,
    ManageSilencesUseCase,
    QueryAlertsUseCase,
  ],
})
export class AlertsModule implements OnModuleInit {
  constructor(
    private readonly box: SecretBox,
    @Inject(CONFIG) private readonly config: ObservabilityConfig,
  ) {}

  onModuleInit(): void {
    if (this.box.development) {
      new Logger('Alerts').warn(`ALERTS_SECRETS_KEY is not set: channel secrets are sealed with a public development key (${this.config.NODE_ENV})`);
    }
  }
}
