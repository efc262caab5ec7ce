import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { JetStreamContext } from '@ironcage/bus';
import { type CostIncurred, EVENTS } from '@ironcage/contracts';
import { BudgetMetrics } from './budget.metrics';
import { asEventHandler } from './bus-errors';
import { SettleUseCase } from './settle/settle.usecase';

/**
 * Settles every metered request; the ledger is keyed by (org, request id), so a redelivery changes
 * nothing. A request refused before a model was authorised arrives without a model and costs 0:
 * it has no reservation and no ledger row.
 */
@Controller()
export class CostConsumer {
  constructor(
    private readonly settle: SettleUseCase,
    private readonly metrics: BudgetMetrics,
  ) {}

  @EventPattern(EVENTS.costIncurred, { concurrency: 64 })
  async onCostIncurred(@Payload() data: CostIncurred, @Ctx() ctx: JetStreamContext): Promise<void> {
    const envelope = ctx.getEnvelope();
    if (data.model === undefined) {
      // Refused before a model was authorised (bad key, body or model): nothing was reserved or spent.
      this.metrics.settlements.inc({ source: 'event', outcome: 'nothing_to_settle' });
      return;
    }
    let outcome = 'error';
    try {
      const result = await asEventHandler(() =>
        this.settle.execute({
          source: 'event',
          orgId: envelope.orgId,
          requestId: data.requestId,
          principal: data.principal,
          model: data.model,
          provider: data.provider,
          deployment: data.deployment,
          usage: data.usage,
          costMicros: data.costMicros,
          estimated: data.estimated,
          occurredAt: envelope.time,
        }),
      );
      outcome = result.settled ? 'settled' : 'duplicate';
    } finally {
      this.metrics.settlements.inc({ source: 'event', outcome });
    }
  }
}
