import type { ServiceDefinition } from '@ironcage/kit';
import { type GatewayConfig, gatewayConfigSchema } from './config';
import { GatewayModule } from './gateway.module';
import { gatewayPersistence } from './persistence/gateway.persistence';

// `main.js openapi` writes a document far larger than a pipe buffer and exits right after the
// write (kit's runService), which cuts a piped document at 64 KiB; blocking stdout keeps it whole.
if (process.argv[2] === 'openapi') (process.stdout as unknown as { _handle?: { setBlocking?: (on: boolean) => void } })._handle?.setBlocking?.(true);

export const gatewayService: ServiceDefinition<GatewayConfig> = {
  name: 'gateway',
  configSchema: gatewayConfigSchema,
  modules: () => [GatewayModule],
  persistence: gatewayPersistence,
  openapi: {
    title: 'Iron Cage gateway',
    description: 'One governed, OpenAI-compatible door to every LLM.',
  },
};
