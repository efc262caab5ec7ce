import type { Deployment, ProviderId, Timeouts } from '../providers';
import type { BreakerSettings, Pricing, RoutingStrategy } from './catalogue.schema';

/** A deployment as the router uses it: the adapter's Deployment plus routing settings. */
export interface RoutedDeployment extends Deployment {
  readonly id: string;
  readonly provider: ProviderId;
  /** The public model this deployment serves. */
  readonly model: string;
  readonly weight: number;
  /** Credential reference the key is looked up by. */
  readonly credential: string;
  readonly timeouts: Partial<Timeouts>;
  readonly breaker: BreakerSettings;
  readonly pricing?: Pricing;
}

export type ModelType = 'chat' | 'embeddings';

export interface CatalogueModel {
  /** The public name (`openai/gpt-4o-mini`), never an alias. */
  readonly name: string;
  readonly type: ModelType;
  readonly description?: string;
  readonly routing: RoutingStrategy;
  readonly maxAttempts: number;
  readonly deployments: readonly RoutedDeployment[];
  /** Models tried after this one's deployments, in order. */
  readonly fallbacks: readonly CatalogueModel[];
  readonly aliases: readonly string[];
  /** Where the model came from: the built-in mock catalogue or the file. */
  readonly builtin: boolean;
}

/** Public model names (and aliases) → models; immutable once built. */
export class ModelCatalogue {
  private readonly byName = new Map<string, CatalogueModel>();
  private readonly names: readonly string[];

  constructor(
    readonly models: readonly CatalogueModel[],
    aliases: Readonly<Record<string, string>>,
  ) {
    for (const m of models) this.byName.set(m.name, m);
    for (const [alias, target] of Object.entries(aliases)) {
      const model = this.byName.get(target);
      if (model) this.byName.set(alias, model);
    }
    this.names = Object.freeze([...this.byName.keys()].sort());
  }

  /** The model a public name or alias stands for. */
  resolve(name: string): CatalogueModel | undefined {
    return this.byName.get(name);
  }

  /** Every public name and alias, sorted. */
  publicNames(): readonly string[] {
    return this.names;
  }

  deployments(): RoutedDeployment[] {
    return this.models.flatMap((m) => m.deployments);
  }
}
