import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG } from '@ironcage/kit';
import { AdminModule } from '../admin/admin.module';
import { authenticateAdmin, BootstrapKey, KeyAuthenticator } from '../auth';
import { ChatCompletionsUseCase } from '../hot-path/chat-completions.usecase';
import { EmbeddingsUseCase } from '../hot-path/embeddings.usecase';
import { HotPathModule } from '../hot-path/hot-path.module';
import { ListModelsUseCase } from '../hot-path/list-models.usecase';
import { type DataPlaneConfig, grpcPort } from '../inference/data-plane.config';
import { CreateKeyUseCase } from '../keys/create-key/create-key.usecase';
import { QueryKeysUseCase } from '../keys/query-keys/query-keys.usecase';
import { RevokeKeyUseCase } from '../keys/revoke-key/revoke-key.usecase';
import { RotateKeyUseCase } from '../keys/rotate-key/rotate-key.usecase';
import { UpdateKeyUseCase } from '../keys/update-key/update-key.usecase';
import { ManageMembershipsUseCase } from '../tenancy/manage-memberships/manage-memberships.usecase';
import { ManageTeamsUseCase } from '../tenancy/manage-teams/manage-teams.usecase';
import { Refusals } from '../usage-events/refusals';
import { GrpcAdminService } from './grpc-admin.server';
import { GrpcInferenceServer } from './grpc-inference.server';

/** The admin use cases, as AdminModule exports them, for the Admin gRPC service. */
@Injectable()
export class GrpcAdminUseCases {
  constructor(
    readonly teams: ManageTeamsUseCase,
    readonly memberships: ManageMembershipsUseCase,
    readonly createKey: CreateKeyUseCase,
    readonly queryKeys: QueryKeysUseCase,
    readonly updateKey: UpdateKeyUseCase,
    readonly revokeKey: RevokeKeyUseCase,
    readonly rotateKey: RotateKeyUseCase,
  ) {}
}

/**
 * Runs the gRPC server for the application's lifetime on GATEWAY_GRPC_PORT (0: not at all):
 * `ironcage.gateway.v1.Inference` (virtual keys) and `ironcage.gateway.v1.Admin` (admin keys).
 */
@Injectable()
export class GrpcLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Grpc');
  private readonly server: GrpcInferenceServer;

  constructor(
    @Inject(CONFIG) private readonly config: DataPlaneConfig & { HTTP_BODY_LIMIT_BYTES: number },
    authenticator: KeyAuthenticator,
    bootstrap: BootstrapKey,
    chat: ChatCompletionsUseCase,
    embeddings: EmbeddingsUseCase,
    models: ListModelsUseCase,
    admin: GrpcAdminUseCases,
    refusals: Refusals,
  ) {
    const authenticate = (token: string | undefined) => {
      const credential = authenticator.authenticate(token, 'virtual');
      return credential instanceof Promise ? credential.then((c) => c.principal) : credential.principal;
    };
    const authenticateActor = (token: string | undefined) => {
      const caller = authenticateAdmin(authenticator, bootstrap, token);
      return caller instanceof Promise ? caller.then((c) => c.actor) : caller.actor;
    };
    this.server = new GrpcInferenceServer(authenticate, chat, embeddings, models, {
      maxMessageBytes: config.HTTP_BODY_LIMIT_BYTES,
      services: [new GrpcAdminService(authenticateActor, admin)],
      refused: (call) => void refusals.recordRefusal(call),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = grpcPort(this.config);
    if (port === 0) return;
    const host = this.config.GATEWAY_GRPC_HOST ?? this.config.HOST;
    const bound = await this.server.listen(host, port);
    this.logger.log(`gRPC (ironcage.gateway.v1.Inference, ironcage.gateway.v1.Admin) on ${host}:${bound}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server.close();
  }
}

@Module({ imports: [HotPathModule, AdminModule], providers: [GrpcAdminUseCases, GrpcLifecycle] })
export class GrpcModule {}
