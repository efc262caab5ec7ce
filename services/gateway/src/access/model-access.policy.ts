import { Injectable } from '@nestjs/common';
import type { AccessRules } from '../auth/credential';
import { KeyAuthenticator } from '../auth/key-authenticator';
import { type ModelAccessDecision, ModelAccessPolicy, type Principal } from '../auth/principal';
import type { AccessLayer } from './access-request.entity';

/** Outermost first: the refusal names the most general layer that denies, since fixing an inner one would not help. */
export const ACCESS_LAYERS: readonly AccessLayer[] = ['org', 'team', 'project', 'key'];

const LAYER_NAMES: Record<AccessLayer, string> = { org: "organisation's", team: "team's", project: "project's", key: "key's" };

const allows = (rules: AccessRules, layer: AccessLayer, model: string, resolved?: string): boolean =>
  rules[layer].matches(model) || (resolved !== undefined && resolved !== model && rules[layer].matches(resolved));

/** Every layer whose allow-list refuses the model (empty when the model is allowed). */
export function denyingLayers(rules: AccessRules, model: string, resolvedModel?: string): AccessLayer[] {
  return ACCESS_LAYERS.filter((layer) => !allows(rules, layer, model, resolvedModel));
}

/**
 * A key may call a model only if the org, the key's team, its project (when it has one) and the
 * key itself all allow it. An empty list at a layer places no restriction there. For an alias,
 * a layer allows the call when it allows the alias or the model the alias resolves to.
 */
export function decideModelAccess(rules: AccessRules, model: string, resolvedModel?: string): ModelAccessDecision {
  for (const layer of ACCESS_LAYERS) {
    if (allows(rules, layer, model, resolvedModel)) continue;
    const matcher = rules[layer];
    const shown = matcher.patterns.slice(0, 10).join(', ') + (matcher.patterns.length > 10 ? ', …' : '');
    return { allowed: false, deniedBy: layer, reason: `Model "${model}" is not among the ${LAYER_NAMES[layer]} allowed models (${shown})` };
  }
  return { allowed: true };
}

const NO_LONGER_VALID: ModelAccessDecision = { allowed: false, deniedBy: 'key', reason: 'The key is no longer valid' };

/**
 * The control plane's ModelAccessPolicy. For a principal attached by this process's guard the
 * decision is synchronous (the compiled allow-lists travel with the cached credential); any
 * other principal is looked up by key id.
 */
@Injectable()
export class GatewayModelAccessPolicy extends ModelAccessPolicy {
  constructor(private readonly authenticator: KeyAuthenticator) {
    super();
  }

  check(principal: Principal, model: string, resolvedModel?: string): ModelAccessDecision | Promise<ModelAccessDecision> {
    const credential = this.authenticator.credentialOf(principal);
    if (credential) return decideModelAccess(credential.rules, model, resolvedModel);
    return this.authenticator
      .credentialById(principal.orgId, principal.keyId)
      .then((c) => (c ? decideModelAccess(c.rules, model, resolvedModel) : NO_LONGER_VALID));
  }

  filter(principal: Principal, models: string[], resolve?: (model: string) => string | undefined): string[] | Promise<string[]> {
    const keep = (rules: AccessRules) => models.filter((m) => decideModelAccess(rules, m, resolve?.(m)).allowed);
    const credential = this.authenticator.credentialOf(principal);
    if (credential) return keep(credential.rules);
    return this.authenticator.credentialById(principal.orgId, principal.keyId).then((c) => (c ? keep(c.rules) : []));
  }
}
