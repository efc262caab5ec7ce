import { ConfigCredentialSource, type CredentialSource } from '../providers';
import { type DataPlaneConfig, WELL_KNOWN_KEY_VARIABLES } from '../inference/data-plane.config';
import { CatalogueError, type CatalogueProblem } from './load-catalogue';
import type { ModelCatalogue } from './model-catalogue';

/** Providers that can be called without a key (local servers, the mock). */
const KEYLESS: ReadonlySet<string> = new Set(['mock', 'openai-compatible']);

/** Credential reference → key, from GATEWAY_PROVIDER_KEYS and the well-known variables (which win). */
export function providerKeysFromConfig(config: Pick<DataPlaneConfig, 'GATEWAY_PROVIDER_KEYS' | (typeof WELL_KNOWN_KEY_VARIABLES)[keyof typeof WELL_KNOWN_KEY_VARIABLES]>): Record<string, string> {
  const keys: Record<string, string> = { ...config.GATEWAY_PROVIDER_KEYS };
  for (const [ref, variable] of Object.entries(WELL_KNOWN_KEY_VARIABLES)) {
    const value = config[variable];
    if (value) keys[ref] = value;
  }
  return keys;
}

/**
 * The providers' CredentialSource for the catalogue's deployments: keys come from configuration
 * (the credentials service will implement the same interface). Every deployment that needs a key
 * must have one at boot; problems name the deployment and the variable to set, never a key.
 */
export function catalogueCredentialSource(catalogue: ModelCatalogue, keys: Readonly<Record<string, string>>): CredentialSource {
  const byDeployment: Record<string, string> = {};
  const problems: CatalogueProblem[] = [];
  for (const d of catalogue.deployments()) {
    const key = keys[d.credential];
    if (key !== undefined) byDeployment[d.id] = key;
    else if (!KEYLESS.has(d.provider) || d.credential !== d.provider) {
      const variable = (WELL_KNOWN_KEY_VARIABLES as Record<string, string>)[d.credential];
      problems.push({
        path: `deployment "${d.id}" of model "${d.model}"`,
        message: `no key for credential "${d.credential}": set ${variable ? `${variable} or ` : ''}GATEWAY_PROVIDER_KEYS["${d.credential}"]`,
      });
    }
  }
  if (problems.length) throw new CatalogueError('credentials', problems);
  return new ConfigCredentialSource(byDeployment);
}
