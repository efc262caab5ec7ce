import { Module } from '@nestjs/common';
import { PersistenceModule } from '@ironcage/kit';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { GrpcModule } from './grpc/grpc.module';
import { IdentityModule } from './identity/identity.module';
import { InferenceModule } from './inference/inference.module';
import { RoutingModule } from './routing/routing.module';
import { gatewayPersistence } from './persistence/gateway.persistence';

/** The governed, OpenAI-compatible door to every LLM: keys, tenancy, routing, providers. */
@Module({ imports: [PersistenceModule.forService(gatewayPersistence), AuthModule, IdentityModule, AdminModule, RoutingModule, InferenceModule, GrpcModule] })
export class GatewayModule {}
