import { createHash } from 'node:crypto';
import { Controller, Get, Inject, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { trace } from '@opentelemetry/api';
import { EventPublisher } from '@ironcage/bus';
import { requestReceivedEvent } from '@ironcage/contracts';
import { AdminKeyGuard, ApiErrorResponses, CONFIG } from '@ironcage/kit';
import type { FastifyRequest } from 'fastify';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import type { GatewayConfig } from '../config';

const whoamiSchema = z
  .object({
    requestId: z.string(),
    orgId: z.string(),
    principal: z.object({ keyId: z.string() }),
    traceId: z.string().nullable(),
  })
;
class WhoamiDto extends createZodDto(whoamiSchema) {}
type Whoami = z.infer<typeof whoamiSchema>;

/** Tells a caller who the gateway takes them for. Every call is recorded as `request.received`. */
@ApiTags('identity')
@ApiBearerAuth()
@UseGuards(AdminKeyGuard)
@ApiErrorResponses()
@Controller('v1')
export class WhoamiController {
  private readonly keyId: string;

  constructor(
    private readonly events: EventPublisher,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {
    // A stable, non-reversible id for the bootstrap key: enough to attribute, useless to an attacker.
    this.keyId = `admin-${createHash('sha256').update(config.IRONCAGE_ADMIN_KEY).digest('hex').slice(0, 12)}`;
  }

  @Get('whoami')
  @ApiOperation({ summary: 'The organisation and principal the presented key resolves to' })
  @ApiOkResponse({ type: WhoamiDto })
  async whoami(@Req() request: FastifyRequest): Promise<Whoami> {
    const started = performance.now();
    const traceId = trace.getActiveSpan()?.spanContext().traceId ?? null;
    const body: Whoami = { requestId: request.id, orgId: this.config.IRONCAGE_DEFAULT_ORG, principal: { keyId: this.keyId }, traceId };
    await this.events.publish(
      requestReceivedEvent,
      {
        requestId: request.id,
        principal: body.principal,
        endpoint: '/v1/whoami',
        method: 'GET',
        status: 200,
        latencyMs: performance.now() - started,
      },
      // The event id is always ours: a client-chosen request id must never collide with another event.
      { orgId: body.orgId },
    );
    return body;
  }
}
