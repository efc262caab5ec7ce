import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { JetStreamContext } from '@ironcage/bus';
import { EVENTS, type PrivacyErasureRequested } from '@ironcage/contracts';
import { PlatformMetrics } from '../metrics/platform-metrics';
import { AUDITED_SUBJECTS } from './describe/describe-event';
import { EraseSubjectUseCase } from './erase-subject/erase-subject.usecase';
import { RecordEventUseCase } from './record-event/record-event.usecase';

/**
 * Events handled at once per subject and process. High, because a handler mostly waits for the
 * append its event shares with hundreds of others (see AuditIngest).
 */
export const AUDIT_CONSUMER_CONCURRENCY = 2048;

/**
 * Turns every platform event into an audit entry: one durable consumer per subject in the
 * contracts (`observability__<subject>`), `audit.recorded` excepted. The transport validated the
 * event and acks it when the handler returns, i.e. once the entry is committed and announced.
 */
@Controller()
export class AuditConsumer {
  constructor(
    private readonly recordEvent: RecordEventUseCase,
    private readonly eraseSubject: EraseSubjectUseCase,
    private readonly platformMetrics: PlatformMetrics,
  ) {}

  @EventPattern(AUDITED_SUBJECTS, { concurrency: AUDIT_CONSUMER_CONCURRENCY })
  async onEvent(@Payload() data: unknown, @Ctx() ctx: JetStreamContext): Promise<void> {
    const envelope = ctx.getEnvelope();
    const { recorded } = await this.recordEvent.executeValidated(envelope);
    // counted once: a redelivered event is not recorded again
    if (recorded) this.platformMetrics.observe(ctx.getSubject(), envelope);
    // the request is in the trail first; then the trail forgets the person, the request included
    if (ctx.getSubject() === EVENTS.privacyErasureRequested) await this.eraseSubject.execute({ ...(data as PrivacyErasureRequested), orgId: envelope.orgId });
  }
}
