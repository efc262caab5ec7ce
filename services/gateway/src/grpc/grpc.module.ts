import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG } from '@ironcage/kit';
import { KeyAuthenticator } from '../auth';
import { ChatCompletionsUseCase } from '../hot-path/chat-completions.usecase';
import { EmbeddingsUseCase } from '../hot-path/embeddings.usecase';
import { HotPathModule } from '../hot-path/hot-path.module';
import { ListModelsUseCase } from '../hot-path/list-models.usecase';
import { type DataPlaneConfig, grpcPort } from '../inference/data-plane.config';
import { GrpcInferenceServer } from './grpc-inference.server';

/** Runs the gRPC server for the application's lifetime on GATEWAY_GRPC_PORT (0: not at all). */
@Injectable()
export class GrpcLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Grpc');
  private readonly server: GrpcInferenceServer;

  constructor(
    @Inject(CONFIG) private readonly config: DataPlaneConfig & { HTTP_BODY_LIMIT_BYTES: number },
    authenticator: KeyAuthenticator,
    chat: ChatCompletionsUseCase,
    embeddings: EmbeddingsUseCase,
    models: ListModelsUseCase,
  ) {
    const authenticate = (token: string | undefined) => {
      const credential = authenticator.authenticate(token, 'virtual');
      return credential instanceof Promise ? credential.then((c) => c.principal) : credential.principal;
    };
    this.server = new GrpcInferenceServer(authenticate, chat, embeddings, models, { maxMessageBytes: config.HTTP_BODY_LIMIT_BYTES });
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = grpcPort(this.config);
    if (port === 0) return;
    const host = this.config.GATEWAY_GRPC_HOST ?? this.config.HOST;
    const bound = await this.server.listen(host, port);
    this.logger.log(`gRPC (ironcage.gateway.v1.Inference) on ${host}:${bound}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server.close();
  }
}

@Module({ imports: [HotPathModule], providers: [GrpcLifecycle] })
export class GrpcModule {}
