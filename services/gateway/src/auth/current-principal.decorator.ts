import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '../tenancy/actor';
import { AuthError, AuthErrorCode } from './auth.exception';
import type { Principal } from './principal';
import { actorOf, principalOf } from './request-identity';

/** The Principal attached by VirtualKeyGuard (or AnyKeyGuard). Read-only: it is shared by every request with the same key. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = principalOf(context);
  // A route without the guard is a programming error; refuse rather than run unauthenticated.
  if (!principal) throw new AuthError(AuthErrorCode.MissingCredentials);
  return principal;
});

/** The Actor attached by AdminApiGuard. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = actorOf(context);
  if (!actor) throw new AuthError(AuthErrorCode.AdminKeyRequired);
  return actor;
});
