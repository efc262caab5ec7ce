import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HealthRegistry } from './health.registry';

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  /** Liveness: the process runs and its event loop answers. */
  @Get('healthz')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: every dependency the service needs answers (503 otherwise, with which one failed). */
  @Get('readyz')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const report = await this.registry.readiness();
    await reply.status(report.status === 'ready' ? 200 : 503).send(report);
  }
}
