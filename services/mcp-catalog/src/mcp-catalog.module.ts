import { Module } from '@nestjs/common';

/** The catalogue of MCP servers and the governed MCP proxy. */
@Module({})
export class McpCatalogModule {}
