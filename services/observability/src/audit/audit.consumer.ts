import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { JetStreamContext } from '@ironcage/bus';
import { EVENTS, type RequestReceived } from '@ironcage/contracts';
import { RecordEventUseCase } from './record-event/record-event.usecase';

/** Turns platform events into audit entries. The transport validated them and acks on return. */
@Controller()
export class AuditConsumer {
  constructor(private readonly recordEvent: RecordEventUseCase) {}

  @EventPattern(EVENTS.requestReceived)
  async onRequestReceived(@Payload() _data: RequestReceived, @Ctx() ctx: JetStreamContext): Promise<void> {
    await this.recordEvent.execute(ctx.getEnvelope());
  }
}
