import type { ExecutionContext } from '@nestjs/common';
import { bearerToken } from '@ironcage/kit';
import type { Actor } from '../tenancy/actor';
import type { Principal } from './principal';

const PRINCIPAL = Symbol('ironcage.principal');
const ACTOR = Symbol('ironcage.actor');

interface Carrier {
  [PRINCIPAL]?: Principal;
  [ACTOR]?: Actor;
}

interface GrpcMetadataLike {
  get(key: string): unknown[];
}

const isGrpcMetadata = (v: unknown): v is GrpcMetadataLike => typeof (v as GrpcMetadataLike | undefined)?.get === 'function';

/**
 * The object identity is attached to: the Fastify request over HTTP, the gRPC call's Metadata
 * over gRPC (so the same guards and decorators serve both).
 */
function carrierOf(context: ExecutionContext): Carrier {
  if (context.getType() === 'rpc') return context.switchToRpc().getContext<Carrier>();
  return context.switchToHttp().getRequest<Carrier>();
}

/** The presented key: `Authorization: Bearer <key>` or `x-api-key: <key>` (HTTP headers or gRPC metadata). */
export function presentedKey(context: ExecutionContext): string | undefined {
  if (context.getType() === 'rpc') {
    const metadata: unknown = context.switchToRpc().getContext();
    if (!isGrpcMetadata(metadata)) return undefined;
    const header = (name: string) => {
      const v = metadata.get(name)[0];
      return typeof v === 'string' ? v : undefined;
    };
    return bearerToken({ headers: { authorization: header('authorization'), 'x-api-key': header('x-api-key') } });
  }
  return bearerToken(context.switchToHttp().getRequest());
}

export const attachPrincipal = (context: ExecutionContext, principal: Principal): void => {
  carrierOf(context)[PRINCIPAL] = principal;
};

export const attachActor = (context: ExecutionContext, actor: Actor): void => {
  carrierOf(context)[ACTOR] = actor;
};

export const principalOf = (context: ExecutionContext): Principal | undefined => carrierOf(context)[PRINCIPAL];

export const actorOf = (context: ExecutionContext): Actor | undefined => carrierOf(context)[ACTOR];

/** For code that holds the raw request (e.g. a Fastify hook): the principal a guard attached. */
export const principalOfRequest = (request: object): Principal | undefined => (request as Carrier)[PRINCIPAL];
