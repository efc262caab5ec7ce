import { Injectable } from '@nestjs/common';
import type { AccessRules } from '../auth/credential';
import { KeyAuthenticator } from '../auth/key-authenticator';
import { type ModelAccessDecision, ModelAccessPolicy, type Principal } from '../auth/principal';
import type { AccessLayer } from './access-request.entity';

/** Outermost first: the refusal names the most general layer that denies, since fixing an inner one would not help. */
export const ACCESS_LAYERS: readonly AccessLayer[] = ['org', 'team', 'project', 'key'];

const LAYER_NAMES: Record<AccessLayer, string> = { org: "organisation's", team: "team's", project: "project's", key: "key's" };

/** Every layer whose allow-list refuses the model (empty when the model is allowed). */
export function denyingLayers(rules: AccessRules, model: string): AccessLayer[] {
  return ACCESS_LAYERS.filter((layer) => !rules[layer].matches(model));
}

/**
 * A key may call a model only if the org, the key's team, its project (when it has one) and the
 * key itself all allow it. An empty list at a layer places no restriction there.
 */
export function decideModelAccess(rules: AccessRules, model: string): ModelAccessDecision {
  for (const layer of ACCESS_LAYERS) {
    const matcher = rules[layer];
    if (matcher.matches(model)) continue;
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

  check(principal: Principal, model: string): ModelAccessDecision | Promise<ModelAccessDecision> {
    const credential = this.authenticator.credentialOf(principal);
    if (credential) return decideModelAccess(credential.rules, model);
    return this.authenticator
      .credentialById(principal.orgId, principal.keyId)
      .then((c) => (c ? decideModelAccess(c.rules, model) : NO_LONGER_VALID));
  }

  filter(principal: Principal, models: string[]): string[] | Promise<string[]> {
    const credential = this.authenticator.credentialOf(principal);
    if (credential) return models.filter((m) => decideModelAccess(credential.rules, m).allowed);
    return this.authenticator
      .credentialById(principal.orgId, principal.keyId)
      .then((c) => (c ? models.filter((m) => decideModelAccess(c.rules, m).allowed) : []));
  }
}
