import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthError, AuthErrorCode } from './auth.exception';
import type { ResolvedCredential } from './credential';
import { BootstrapKey, KeyAuthenticator } from './key-authenticator';
import type { Principal } from './principal';
import type { Actor } from '../tenancy/actor';
import { attachActor, attachPrincipal, presentedKey } from './request-identity';

const then = <T>(value: T | Promise<T>, use: (v: T) => void): boolean | Promise<boolean> => {
  if (value instanceof Promise) {
    return value.then((v) => {
      use(v);
      return true;
    });
  }
  use(value);
  return true;
};

/**
 * Model-calling endpoints: needs a virtual key (`sk-ic-…`, as `Authorization: Bearer` or
 * `x-api-key`) and attaches its Principal (read it with `@CurrentPrincipal()`). Refuses with 401
 * `missing_credentials` / `invalid_credentials` / `key_revoked` / `key_expired`, 403
 * `virtual_key_required` for admin keys. Warm keys resolve synchronously.
 */
@Injectable()
export class VirtualKeyGuard implements CanActivate {
  constructor(private readonly authenticator: KeyAuthenticator) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    return then(this.authenticator.authenticate(presentedKey(context), 'virtual'), (c) => attachPrincipal(context, c.principal));
  }
}

/** Who calls the admin API: the actor, and the principal of the org-scoped admin key if that is what was presented. */
export interface AdminCaller {
  readonly actor: Actor;
  readonly principal?: Principal;
}

/**
 * The admin API's authentication, for every transport (AdminApiGuard over HTTP, the Admin gRPC
 * service): the platform bootstrap key (any organisation) or an org-scoped admin key
 * (`sk-ic-admin-…`, acting with its user's roles). Throws the AuthErrors of KeyAuthenticator
 * (`admin_key_required` for a virtual key). Synchronous for the bootstrap key and warm keys.
 */
export function authenticateAdmin(authenticator: KeyAuthenticator, bootstrap: BootstrapKey, token: string | undefined): AdminCaller | Promise<AdminCaller> {
  if (token && bootstrap.matches(token)) return { actor: { type: 'platform', id: bootstrap.keyId } };
  const caller = (c: ResolvedCredential): AdminCaller => {
    if (!c.actor) throw new AuthError(AuthErrorCode.AdminKeyRequired);
    return { actor: c.actor, principal: c.principal };
  };
  const credential = authenticator.authenticate(token, 'admin');
  return credential instanceof Promise ? credential.then(caller) : caller(credential);
}

/**
 * The admin API: the platform bootstrap key (any organisation) or an org-scoped admin key
 * (`sk-ic-admin-…`, acting with its user's roles). Attaches the Actor (`@CurrentActor()`).
 */
@Injectable()
export class AdminApiGuard implements CanActivate {
  constructor(
    private readonly authenticator: KeyAuthenticator,
    private readonly bootstrap: BootstrapKey,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    return then(authenticateAdmin(this.authenticator, this.bootstrap, presentedKey(context)), ({ actor, principal }) => {
      attachActor(context, actor);
      if (principal) attachPrincipal(context, principal);
    });
  }
}

/** Any key the gateway knows: bootstrap, admin or virtual (e.g. `/v1/whoami`). Attaches a Principal. */
@Injectable()
export class AnyKeyGuard implements CanActivate {
  private readonly bootstrapPrincipal: Principal;

  constructor(
    private readonly authenticator: KeyAuthenticator,
    private readonly bootstrap: BootstrapKey,
  ) {
    this.bootstrapPrincipal = Object.freeze({ orgId: bootstrap.orgId, keyId: bootstrap.keyId, metadata: Object.freeze({}), tags: Object.freeze([] as string[]) as string[] });
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const token = presentedKey(context);
    if (token && this.bootstrap.matches(token)) {
      attachPrincipal(context, this.bootstrapPrincipal);
      attachActor(context, { type: 'platform', id: this.bootstrap.keyId });
      return true;
    }
    return then(this.authenticator.authenticate(token, 'any'), (c: ResolvedCredential) => {
      attachPrincipal(context, c.principal);
      if (c.actor) attachActor(context, c.actor);
    });
  }
}
