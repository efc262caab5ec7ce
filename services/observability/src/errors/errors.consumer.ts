import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { JetStreamContext } from '@ironcage/bus';
import { EVENTS } from '@ironcage/contracts';
import { RecordErrorUseCase } from './record-error/record-error.usecase';

/**
 * Groups every `error.reported` (durable `observability__error_reported`). The transport validated
 * the event (a malformed one is dead-lettered with the reason before it gets here) and acks it
 * when the handler returns; a redelivery is recognised by the event id. Its own failures are
 * logged, never reported, so a broken database cannot make it feed itself.
 */
@Controller()
export class ErrorsConsumer {
  constructor(private readonly recordError: RecordErrorUseCase) {}

  @EventPattern(EVENTS.errorReported, { concurrency: 16 })
  async onErrorReported(@Ctx() ctx: JetStreamContext): Promise<void> {
    await this.recordError.execute(ctx.getEnvelope());
  }
}
