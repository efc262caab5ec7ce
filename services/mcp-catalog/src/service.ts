import type { ServiceDefinition } from '@ironcage/kit';
import { type McpCatalogConfig, mcpCatalogConfigSchema } from './config';
import { McpCatalogModule } from './mcp-catalog.module';

export const mcpCatalogService: ServiceDefinition<McpCatalogConfig> = {
  name: 'mcp-catalog',
  configSchema: mcpCatalogConfigSchema,
  modules: () => [McpCatalogModule],
};
