import { Module } from '@nestjs/common';

/** The governed, OpenAI-compatible door to every LLM: keys, tenancy, routing, providers. */
@Module({})
export class GatewayModule {}
