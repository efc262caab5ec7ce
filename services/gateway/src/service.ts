import type { ServiceDefinition } from '@ironcage/kit';
import { type GatewayConfig, gatewayConfigSchema } from './config';
import { GatewayModule } from './gateway.module';

export const gatewayService: ServiceDefinition<GatewayConfig> = {
  name: 'gateway',
  configSchema: gatewayConfigSchema,
  modules: () => [GatewayModule],
  openapi: {
    title: 'Iron Cage gateway',
    description: 'One governed, OpenAI-compatible door to every LLM.',
  },
};
