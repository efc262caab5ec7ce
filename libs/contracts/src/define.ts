import { z } from 'zod';
import type { EventSubject, RpcSubject } from './subjects';

export interface EventContract<S extends z.ZodType = z.ZodType> {
  subject: EventSubject;
  /** Version of `data`; bump on a breaking change and keep the old schema until consumers move. */
  version: number;
  /** Logical stream (see streams.ts) the subject is stored in. */
  stream: string;
  description: string;
  schema: S;
}

export interface RpcContract<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  subject: RpcSubject;
  description: string;
  request: Req;
  response: Res;
  /** Default deadline for a call, in milliseconds. */
  timeoutMs: number;
}

export const defineEvent = <S extends z.ZodType>(c: EventContract<S>): EventContract<S> => c;
export const defineRpc = <Req extends z.ZodType, Res extends z.ZodType>(c: RpcContract<Req, Res>): RpcContract<Req, Res> => c;

export type EventData<C> = C extends EventContract<infer S> ? z.infer<S> : never;
export type RpcRequest<C> = C extends RpcContract<infer Req, z.ZodType> ? z.infer<Req> : never;
export type RpcResponse<C> = C extends RpcContract<z.ZodType, infer Res> ? z.infer<Res> : never;
