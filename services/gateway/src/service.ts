import type { ServiceDefinition } from '@ironcage/kit';
import { type GatewayConfig, gatewayConfigSchema } from './config';
import { GatewayModule } from './gateway.module';
import { answerFrameworkErrorsInDialect } from './inference/framework-errors';
import { gatewayPersistence } from './persistence/gateway.persistence';

export const gatewayService: ServiceDefinition<GatewayConfig> = {
  name: 'gateway',
  configSchema: gatewayConfigSchema,
  modules: () => [GatewayModule],
  persistence: gatewayPersistence,
  configure: (app) => answerFrameworkErrorsInDialect(app),
  openapi: {
    title: 'Iron Cage gateway',
    description: 'One governed, OpenAI-compatible door to every LLM.',
  },
};
