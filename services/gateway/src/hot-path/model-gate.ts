import { Injectable } from '@nestjs/common';
import { AuthError, AuthErrorCode, type ModelAccessDecision, ModelAccessPolicy, type Principal } from '../auth';
import { type CatalogueModel, ModelCatalogue, type ModelType } from '../catalogue/model-catalogue';
import { HotPathError, HotPathErrorCode } from './hot-path.exception';

export interface AuthorisedModel {
  model: CatalogueModel;
  /** The model's fallback models the principal may use (undefined: all of them, or none configured). */
  allowFallback?: (model: CatalogueModel) => boolean;
}

const refusal = (decision: ModelAccessDecision, model: string): AuthError =>
  new AuthError(AuthErrorCode.ModelNotAllowed, decision.reason ?? `Model "${model}" is not allowed for this key (denied by the ${decision.deniedBy ?? 'key'} rules)`);

/**
 * Which model a request may use: the name (or alias) must be in the catalogue (404), serve the
 * right kind of call (400), and be allowed by every access layer of the caller's key (403 naming
 * the layer). For an alias the policy gets both names: a layer allows it when it allows either
 * (`mock/*` allows `fast`, and so does `fast`). Fallback models are only tried when the caller may
 * use them too.
 */
@Injectable()
export class ModelGate {
  constructor(
    private readonly catalogue: ModelCatalogue,
    private readonly policy: ModelAccessPolicy,
  ) {}

  async authorise(principal: Principal, requested: string, type: ModelType): Promise<AuthorisedModel> {
    const model = this.catalogue.resolve(requested);
    if (!model) throw new HotPathError(HotPathErrorCode.ModelNotFound, `The model "${requested}" does not exist; GET /v1/models lists the models this key may use`, { param: 'model' });
    if (model.type !== type) {
      throw new HotPathError(HotPathErrorCode.ModelNotSupported, `"${requested}" is ${model.type === 'embeddings' ? 'an embeddings' : 'a chat'} model; it cannot serve ${type === 'chat' ? 'chat completions' : 'embeddings'}`, { param: 'model' });
    }
    const checked = this.policy.check(principal, requested, requested === model.name ? undefined : model.name);
    const decision = checked instanceof Promise ? await checked : checked;
    if (!decision.allowed) throw refusal(decision, requested);
    if (model.fallbacks.length === 0) return { model };
    const allowed = new Set<string>();
    for (const fallback of model.fallbacks) {
      const c = this.policy.check(principal, fallback.name);
      if ((c instanceof Promise ? await c : c).allowed) allowed.add(fallback.name);
    }
    return { model, allowFallback: (m) => allowed.has(m.name) };
  }

  /** Public names and aliases the principal may use. */
  async visible(principal: Principal): Promise<{ name: string; model: CatalogueModel }[]> {
    const resolve = (name: string) => {
      const model = this.catalogue.resolve(name);
      return model && model.name !== name ? model.name : undefined;
    };
    const filtered = this.policy.filter(principal, [...this.catalogue.publicNames()], resolve);
    const allowed = filtered instanceof Promise ? await filtered : filtered;
    return allowed.map((name) => ({ name, model: this.catalogue.resolve(name)! })).filter((v) => v.model);
  }
}
