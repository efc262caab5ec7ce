import { Module } from '@nestjs/common';
import { IdentityModule } from './identity/identity.module';

/** The governed, OpenAI-compatible door to every LLM: keys, tenancy, routing, providers. */
@Module({ imports: [IdentityModule] })
export class GatewayModule {}
