import { Controller, Get, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { trace } from '@opentelemetry/api';
import { EventPublisher } from '@ironcage/bus';
import { requestReceivedEvent } from '@ironcage/contracts';
import { ApiErrorResponses } from '@ironcage/kit';
import type { FastifyRequest } from 'fastify';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { AnyKeyGuard } from '../auth/guards';
import type { Principal } from '../auth/principal';
import { ROLES } from '../tenancy/roles';

const whoamiSchema = z.object({
  requestId: z.string(),
  orgId: z.string(),
  principal: z.object({
    keyId: z.string(),
    userId: z.string().optional(),
    teamId: z.string().optional(),
    projectId: z.string().optional(),
    role: z.enum(ROLES).optional(),
    tags: z.array(z.string()).optional(),
    metadata: z.record(z.string(), z.string()).optional(),
  }),
  traceId: z.string().nullable(),
});
class WhoamiDto extends createZodDto(whoamiSchema) {}
type Whoami = z.infer<typeof whoamiSchema>;

/**
 * Tells a caller who the gateway takes them for: a virtual key, an admin key or the platform's
 * bootstrap key. Every call is recorded as `request.received`.
 */
@ApiTags('identity')
@ApiBearerAuth()
@UseGuards(AnyKeyGuard)
@ApiErrorResponses()
@Controller('v1')
export class WhoamiController {
  constructor(private readonly events: EventPublisher) {}

  @Get('whoami')
  @ApiOperation({ summary: 'The organisation and principal the presented key resolves to' })
  @ApiOkResponse({ type: WhoamiDto })
  async whoami(@Req() request: FastifyRequest, @CurrentPrincipal() p: Principal): Promise<Whoami> {
    const started = performance.now();
    const traceId = trace.getActiveSpan()?.spanContext().traceId ?? null;
    const ids = {
      keyId: p.keyId,
      ...(p.userId ? { userId: p.userId } : {}),
      ...(p.teamId ? { teamId: p.teamId } : {}),
      ...(p.projectId ? { projectId: p.projectId } : {}),
    };
    const body: Whoami = {
      requestId: request.id,
      orgId: p.orgId,
      principal: { ...ids, ...(p.role ? { role: p.role } : {}), ...(p.tags.length ? { tags: [...p.tags] } : {}), ...(Object.keys(p.metadata).length ? { metadata: { ...p.metadata } } : {}) },
      traceId,
    };
    await this.events.publish(
      requestReceivedEvent,
      { requestId: request.id, principal: ids, endpoint: '/v1/whoami', method: 'GET', status: 200, latencyMs: performance.now() - started },
      // The event id is always ours: a client-chosen request id must never collide with another event.
      { orgId: p.orgId },
    );
    return body;
  }
}
