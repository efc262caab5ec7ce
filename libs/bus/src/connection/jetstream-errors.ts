import { JetStreamApiError } from '@nats-io/jetstream';

/** JetStream API error codes the bus reacts to (the client library only names a few). */
export const JS_CODES = {
  streamNameInUse: 10058,
  streamNotFound: 10059,
  consumerNotFound: 10014,
  consumerExists: 10148,
} as const;

export const hasJsCode = (err: unknown, code: number): boolean => err instanceof JetStreamApiError && err.code === code;
