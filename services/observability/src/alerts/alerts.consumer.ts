import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { JetStreamContext } from '@ironcage/bus';
import { EvaluateEventUseCase } from './evaluate/evaluate-event.usecase';
import { ALERTABLE_SUBJECTS } from './rules/rule.schema';

/**
 * Feeds every event to the alert rules, on durable consumers of their own
 * (`observability-alerts__<subject>`): alerting keeps its own position, retries and dead letters,
 * apart from the audit trail's consumers of the same subjects. The transport validated the event
 * (an invalid one is dead-lettered with the reason before it gets here) and acks it when the
 * handler returns.
 */
@Controller()
export class AlertsConsumer {
  constructor(private readonly evaluate: EvaluateEventUseCase) {}

  @EventPattern(ALERTABLE_SUBJECTS, { group: 'alerts', concurrency: 32 })
  async onEvent(@Ctx() ctx: JetStreamContext): Promise<void> {
    await this.evaluate.execute(ctx.getSubject(), ctx.getEnvelope());
  }
}
