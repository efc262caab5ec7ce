import { join } from 'node:path';
import {
  loadPackageDefinition,
  Metadata,
  type sendUnaryData,
  Server,
  type ServerUnaryCall,
  type ServerWritableStream,
  ServerCredentials,
  type ServiceClientConstructor,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { uuidv7 } from '@ironcage/bus';
import { bearerToken } from '@ironcage/kit';
import type { Principal } from '../auth';
import type { ChatCompletionsUseCase, CompletionOutcome, StreamOutcome } from '../hot-path/chat-completions.usecase';
import type { EmbeddingsUseCase } from '../hot-path/embeddings.usecase';
import type { ListModelsUseCase } from '../hot-path/list-models.usecase';
import { outcomeOf } from '../hot-path/outcome';
import type { RefusedCall } from '../usage-events/refusals';
import { chatBodyFromProto, chunkToProto, completionToProto, embeddingsBodyFromProto, embeddingsToProto, modelToProto, type ProtoChatRequest, type ProtoEmbeddingsRequest, toGrpcError } from './grpc-mapping';

/**
 * libs/contracts/src/proto/<file> (default gateway.proto). Found by its place in the repository
 * (the same from src/grpc and dist/grpc, and in the image, which carries libs/ whole): a lib is
 * imported only through its package root, and a .proto is not a module.
 */
export function gatewayProtoPath(file = 'gateway.proto'): string {
  return join(__dirname, '..', '..', '..', '..', 'libs', 'contracts', 'src', 'proto', file);
}

export const PROTO_OPTIONS = { keepCase: true, longs: Number, enums: String, defaults: false, oneofs: true } as const;

/** The `ironcage.gateway.v1.Inference` service definition (also what clients load). */
export function inferenceService(): ServiceClientConstructor {
  const pkg = loadPackageDefinition(loadSync(gatewayProtoPath(), PROTO_OPTIONS)) as unknown as { ironcage: { gateway: { v1: { Inference: ServiceClientConstructor } } } };
  return pkg.ironcage.gateway.v1.Inference;
}

/** Turns the call's key into a principal (the control plane's KeyAuthenticator in the gateway). */
export type Authenticate = (token: string | undefined) => Principal | Promise<Principal>;

const ENDPOINT = '/ironcage.gateway.v1.Inference/';

/** Another service served on the same port (e.g. `ironcage.gateway.v1.Admin`). */
export interface GrpcService {
  definition: ServiceDefinition;
  implementation: UntypedServiceImplementation;
}

/** The key presented in the call metadata: `authorization: Bearer <key>` or `x-api-key: <key>`. */
export function keyOf(metadata: Metadata): string | undefined {
  const value = (name: string) => {
    const v = metadata.get(name)[0];
    return typeof v === 'string' ? v : undefined;
  };
  return bearerToken({ headers: { authorization: value('authorization'), 'x-api-key': value('x-api-key') } });
}

function cancelSignal(call: { on(event: 'cancelled', listener: () => void): unknown }): AbortSignal {
  const controller = new AbortController();
  call.on('cancelled', () => controller.abort(new Error('the client cancelled the call')));
  return controller.signal;
}

/**
 * gRPC for platform-internal clients: the REST surface's use cases behind the same
 * authentication (a virtual key in the metadata) and the same governance, so a call here is
 * authorised, scanned, budgeted, routed and recorded exactly as `/v1/chat/completions` is.
 */
export class GrpcInferenceServer {
  private server?: Server;
  port = 0;

  constructor(
    private readonly authenticate: Authenticate,
    private readonly chat: ChatCompletionsUseCase,
    private readonly embeddings: EmbeddingsUseCase,
    private readonly models: ListModelsUseCase,
    private readonly options: {
      maxMessageBytes?: number;
      services?: readonly GrpcService[];
      /** Records a call refused before it had a principal (no key, a bad key), as REST does. */
      refused?: (call: RefusedCall) => void;
    } = {},
  ) {}

  async listen(host: string, port: number): Promise<number> {
    const limit = this.options.maxMessageBytes ?? 10 * 1024 * 1024;
    const server = new Server({ 'grpc.max_receive_message_length': limit });
    server.addService(inferenceService().service, {
      ChatCompletion: (call: ServerUnaryCall<ProtoChatRequest, unknown>, done: sendUnaryData<unknown>) => void this.chatCompletion(call, done),
      StreamChatCompletion: (call: ServerWritableStream<ProtoChatRequest, unknown>) => void this.streamChatCompletion(call),
      Embeddings: (call: ServerUnaryCall<ProtoEmbeddingsRequest, unknown>, done: sendUnaryData<unknown>) => void this.createEmbeddings(call, done),
      ListModels: (call: ServerUnaryCall<unknown, unknown>, done: sendUnaryData<unknown>) => void this.listModels(call, done),
    });
    for (const extra of this.options.services ?? []) server.addService(extra.definition, extra.implementation);
    this.port = await new Promise<number>((resolve, reject) => server.bindAsync(`${host}:${port}`, ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))));
    this.server = server;
    return this.port;
  }

  /** Stops taking calls and lets those in flight finish (bounded, then forced). */
  async close(timeoutMs = 5_000): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, timeoutMs);
      server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private async principal(metadata: Metadata, endpoint: string, requestId?: string): Promise<Principal> {
    const started = performance.now();
    const token = keyOf(metadata);
    try {
      return await this.authenticate(token);
    } catch (err) {
      const { status, code } = outcomeOf(err);
      this.options.refused?.({ token, method: 'POST', endpoint, started, status, code, exception: err, requestId });
      throw err;
    }
  }

  private async chatCompletion(call: ServerUnaryCall<ProtoChatRequest, unknown>, done: sendUnaryData<unknown>): Promise<void> {
    const requestId = uuidv7();
    try {
      const principal = await this.principal(call.metadata, `${ENDPOINT}ChatCompletion`, requestId);
      const outcome = (await this.chat.execute({ principal, body: chatBodyFromProto(call.request, false), dialect: 'openai', endpoint: `${ENDPOINT}ChatCompletion`, signal: cancelSignal(call), requestId })) as CompletionOutcome;
      done(null, completionToProto(outcome.completion, requestId));
    } catch (err) {
      done(toGrpcError(err, requestId));
    }
  }

  private async streamChatCompletion(call: ServerWritableStream<ProtoChatRequest, unknown>): Promise<void> {
    const requestId = uuidv7();
    const signal = cancelSignal(call);
    try {
      const principal = await this.principal(call.metadata, `${ENDPOINT}StreamChatCompletion`, requestId);
      const outcome = (await this.chat.execute({ principal, body: chatBodyFromProto(call.request, true), dialect: 'openai', endpoint: `${ENDPOINT}StreamChatCompletion`, signal, requestId })) as StreamOutcome;
      for await (const chunk of outcome.chunks) {
        if (signal.aborted) break;
        if (!call.write(chunkToProto(chunk, requestId))) await new Promise((resolve) => call.once('drain', resolve));
      }
      if (!signal.aborted) call.end();
    } catch (err) {
      if (!signal.aborted) call.emit('error', toGrpcError(err, requestId));
    }
  }

  private async createEmbeddings(call: ServerUnaryCall<ProtoEmbeddingsRequest, unknown>, done: sendUnaryData<unknown>): Promise<void> {
    const requestId = uuidv7();
    try {
      const principal = await this.principal(call.metadata, `${ENDPOINT}Embeddings`, requestId);
      const { response } = await this.embeddings.execute({ principal, body: embeddingsBodyFromProto(call.request), endpoint: `${ENDPOINT}Embeddings`, signal: cancelSignal(call), requestId });
      done(null, embeddingsToProto(response, requestId));
    } catch (err) {
      done(toGrpcError(err, requestId));
    }
  }

  private async listModels(call: ServerUnaryCall<unknown, unknown>, done: sendUnaryData<unknown>): Promise<void> {
    try {
      const principal = await this.principal(call.metadata, `${ENDPOINT}ListModels`);
      const list = await this.models.list(principal, `${ENDPOINT}ListModels`);
      done(null, { models: list.data.map(modelToProto) });
    } catch (err) {
      done(toGrpcError(err));
    }
  }
}
