/**
 * The control plane's public surface for the rest of the gateway (data plane: inference/,
 * routing/, hot-path/, grpc/). Import from here, not from the files behind it.
 *
 *   @UseGuards(VirtualKeyGuard)                      // 401/403 AuthError before the handler runs
 *   handler(@CurrentPrincipal() principal: Principal, …) {
 *     // ModelAccessPolicy, injected; pass the catalogue name too when `model` is an alias
 *     const decision = await policy.check(principal, model, catalogue.resolve(model)?.name);
 *     if (!decision.allowed) → 403 (AuthErrorCode.ModelNotAllowed) naming decision.deniedBy / decision.reason
 *   }
 *
 * Outside Nest's guard pipeline (a raw Fastify route or a gRPC handler), use
 * `KeyAuthenticator.authenticate(token, 'virtual')` — synchronous when the key is cached — and
 * read `.principal`; the policy recognises that principal without a lookup.
 * An admin handler outside the guards (the Admin gRPC service) gets its Actor from
 * `authenticateAdmin(authenticator, bootstrap, token)`, the function AdminApiGuard runs.
 */
export type { Principal, ModelAccessDecision } from './principal';
export { ModelAccessPolicy } from './principal';
export { AuthModule } from './auth.module';
export { VirtualKeyGuard, AdminApiGuard, AnyKeyGuard, authenticateAdmin } from './guards';
export type { AdminCaller } from './guards';
export { CurrentPrincipal, CurrentActor } from './current-principal.decorator';
export { KeyAuthenticator, BootstrapKey } from './key-authenticator';
export type { ResolvedCredential, AccessRules } from './credential';
export { AuthError, AuthErrorCode } from './auth.exception';
export { presentedKey, principalOf, principalOfRequest } from './request-identity';
export { decideModelAccess } from '../access/model-access.policy';
export type { Actor } from '../tenancy/actor';
