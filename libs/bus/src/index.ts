export * from './bus.options';
export * from './naming';
export { BusConnection, type BusStatusListener } from './connection/bus.connection';
export { toStreamConfig } from './connection/stream-config';
export { RpcError, isRpcErrorCode } from './errors/rpc.error';
export { PermanentEventError } from './errors/permanent-event.error';
export { EventValidationError } from './errors/event-validation.error';
export { BusExceptionFilter } from './errors/bus-exception.filter';
export { decodeEvent, type DecodedEvent } from './events/event-decoder';
export { EventPublisher, EventPublishError, type EventInput, type PublishOptions, type PublishResult } from './publisher/event.publisher';
export { uuidv7 } from './publisher/uuid-v7';
export { RpcClient, type RpcCallOptions, type RpcRequestInput } from './rpc/rpc.client';
export type { RpcErrorBody } from './rpc/rpc-reply';
export {
  JetStreamServer,
  JETSTREAM_TRANSPORT,
  type JetStreamServerEvents,
  type JetStreamServerOptions,
  type JetStreamServerStatus,
  type HandlerErrorListener,
  type HandlerFailure,
} from './server/jetstream.server';
export { JetStreamContext, type JetStreamDelivery } from './server/jetstream.context';
export { NatsRpcContext } from './server/nats-rpc.context';
export { EVENT_HANDLER_DEFAULTS, type EventHandlerDefaults, type EventHandlerOptions } from './server/event-handler.options';
export { backoffDelay, type BackoffPolicy } from './server/backoff';
export { connectJetStream } from './server/connect-jetstream';
export { BusModule, type BusModuleAsyncOptions } from './module/bus.module';
