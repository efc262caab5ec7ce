import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import type { ProviderId, Timeouts } from '../providers';
import { type BreakerSettings, type CatalogueFile, type CatalogueFileInput, catalogueFileSchema, type ModelEntry } from './catalogue.schema';
import { DEFAULT_CATALOGUE } from './default-catalogue';
import { type CatalogueModel, ModelCatalogue, type RoutedDeployment } from './model-catalogue';

export const DEFAULT_BREAKER: BreakerSettings = {
  failureThreshold: 5,
  openMs: 30_000,
  halfOpenProbes: 1,
  successThreshold: 1,
  openOnRetryAfter: true,
  maxOpenMs: 300_000,
};
export const DEFAULT_MAX_ATTEMPTS = 3;

export interface CatalogueProblem {
  /** Where in the file: `models["openai/gpt-4o-mini"].deployments[1].provider`. */
  path: string;
  message: string;
}

/** The catalogue cannot be used; the gateway refuses to start and lists every problem. */
export class CatalogueError extends Error {
  constructor(
    readonly source: string,
    readonly problems: CatalogueProblem[],
  ) {
    super(`model catalogue ${source} is invalid:\n${problems.map((p) => `  ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n')}`);
    this.name = 'CatalogueError';
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['models', 'openai/x', 'deployments', 1, 'id']` → `models["openai/x"].deployments[1].id`. */
export function formatCataloguePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (IDENTIFIER.test(String(key))) out += out ? `.${String(key)}` : String(key);
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function issuesToProblems(error: z.ZodError): CatalogueProblem[] {
  return error.issues.map((i) => {
    // an unknown key in a strict object: name the key itself
    if (i.code === 'unrecognized_keys') return { path: formatCataloguePath(i.path), message: `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}` };
    // a bad record key (a model or alias name) is reported on the entry it names
    if (i.code === 'invalid_key') return { path: formatCataloguePath(i.path), message: `invalid name: ${i.issues.map((x) => x.message).join('; ')}` };
    return { path: formatCataloguePath(i.path), message: i.message };
  });
}

/** Parses a catalogue file's text: JSON for `.json`, YAML otherwise (which also reads JSON). */
export function parseCatalogueText(text: string, source: string): unknown {
  try {
    return source.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new CatalogueError(source, [{ path: '', message: `cannot be parsed: ${(e as Error).message.split('\n')[0]}` }]);
  }
}

export interface BuildOptions {
  /** Where the input came from, for error messages. */
  source: string;
  /** Whether a provider can serve embeddings (from the provider registry). */
  supportsEmbeddings: (provider: ProviderId) => boolean;
  /** The built-in models (tests may pass others). */
  builtins?: CatalogueFileInput;
}

const needsBaseUrl: ReadonlySet<string> = new Set(['azure-openai', 'openai-compatible']);

/**
 * Validates a catalogue (the built-in models merged under the file's, unless `builtins: false`)
 * and builds the immutable ModelCatalogue. Throws a CatalogueError naming every bad entry.
 */
export function buildCatalogue(input: unknown, options: BuildOptions): ModelCatalogue {
  const parsed = catalogueFileSchema.safeParse(input ?? {});
  if (!parsed.success) throw new CatalogueError(options.source, issuesToProblems(parsed.error));
  const file = parsed.data;
  const builtins = catalogueFileSchema.parse(options.builtins ?? DEFAULT_CATALOGUE);

  const entries = new Map<string, { entry: ModelEntry; builtin: boolean }>();
  const aliases: Record<string, string> = {};
  if (file.builtins) {
    for (const [name, entry] of Object.entries(builtins.models)) entries.set(name, { entry, builtin: true });
    Object.assign(aliases, builtins.aliases);
  }
  for (const [name, entry] of Object.entries(file.models)) entries.set(name, { entry, builtin: false });
  for (const alias of Object.keys(file.models)) delete aliases[alias];
  Object.assign(aliases, file.aliases);

  const problems: CatalogueProblem[] = [];
  const where = (name: string, builtin: boolean, ...rest: PropertyKey[]) => (builtin ? `built-in ${formatCataloguePath(['models', name, ...rest])}` : formatCataloguePath(['models', name, ...rest]));

  for (const [alias, target] of Object.entries(aliases)) {
    if (entries.has(alias)) problems.push({ path: formatCataloguePath(['aliases', alias]), message: `"${alias}" is already the name of a model` });
    else if (!entries.has(target)) problems.push({ path: formatCataloguePath(['aliases', alias]), message: `"${target}" is not a model in the catalogue` });
  }

  const defaults = file.defaults;
  const deploymentIds = new Map<string, string>();
  const built = new Map<string, { model: Omit<CatalogueModel, 'fallbacks'> & { fallbacks: CatalogueModel[] }; entry: ModelEntry; builtin: boolean }>();

  for (const [name, { entry, builtin }] of entries) {
    const breakerBase = { ...DEFAULT_BREAKER, ...defaults.breaker, ...entry.breaker };
    const timeoutBase: Partial<Timeouts> = { ...defaults.timeouts, ...entry.timeouts };
    if (!entry.deployments.some((d) => d.weight > 0)) problems.push({ path: where(name, builtin, 'deployments'), message: 'at least one deployment needs a weight above 0' });
    const deployments: RoutedDeployment[] = entry.deployments.map((d, index) => {
      const id = d.id ?? `${name}#${index}`;
      const path = where(name, builtin, 'deployments', index);
      const previous = deploymentIds.get(id);
      if (previous) problems.push({ path: `${path}.id`, message: `"${id}" is already the id of ${previous}` });
      deploymentIds.set(id, path);
      if (needsBaseUrl.has(d.provider) && !d.baseUrl) problems.push({ path: `${path}.baseUrl`, message: `is required for provider ${d.provider}` });
      if (d.provider === 'vertex' && typeof d.extra?.project !== 'string') problems.push({ path: `${path}.extra.project`, message: 'is required for provider vertex (the Google Cloud project id)' });
      if (entry.type === 'embeddings' && !options.supportsEmbeddings(d.provider as ProviderId)) {
        problems.push({ path: `${path}.provider`, message: `${d.provider} does not serve embeddings` });
      }
      return Object.freeze({
        id,
        provider: d.provider as ProviderId,
        upstreamModel: d.model,
        model: name,
        weight: d.weight,
        credential: d.credential ?? d.provider,
        ...(d.baseUrl ? { baseUrl: d.baseUrl } : {}),
        ...(d.region ? { region: d.region } : {}),
        ...(d.apiVersion ? { apiVersion: d.apiVersion } : {}),
        ...(d.extra ? { extra: Object.freeze({ ...d.extra }) } : {}),
        timeouts: Object.freeze({ ...timeoutBase, ...d.timeouts }),
        breaker: Object.freeze({ ...breakerBase, ...d.breaker }),
        ...((d.pricing ?? entry.pricing) ? { pricing: Object.freeze({ ...(d.pricing ?? entry.pricing)! }) } : {}),
      });
    });
    built.set(name, {
      entry,
      builtin,
      model: {
        name,
        type: entry.type,
        ...(entry.description ? { description: entry.description } : {}),
        routing: entry.routing ?? defaults.routing ?? 'weighted',
        maxAttempts: entry.maxAttempts ?? defaults.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        deployments: Object.freeze(deployments),
        fallbacks: [],
        aliases: Object.freeze(Object.entries(aliases).filter(([, target]) => target === name).map(([alias]) => alias)),
        builtin,
      },
    });
  }

  for (const [name, { entry, model, builtin }] of built) {
    entry.fallbacks.forEach((fallback, index) => {
      const path = where(name, builtin, 'fallbacks', index);
      const target = built.get(fallback) ?? built.get(aliases[fallback] ?? '');
      if (!target) return problems.push({ path, message: `"${fallback}" is not a model in the catalogue` });
      if (target.model.name === name) return problems.push({ path, message: 'a model cannot fall back to itself' });
      if (target.model.type !== model.type) return problems.push({ path, message: `"${fallback}" serves ${target.model.type}, ${name} serves ${model.type}` });
      model.fallbacks.push(target.model as CatalogueModel);
    });
  }

  if (problems.length) throw new CatalogueError(options.source, problems);
  for (const { model } of built.values()) Object.freeze(model.fallbacks);
  return new ModelCatalogue(
    [...built.values()].map(({ model }) => Object.freeze(model) as CatalogueModel),
    aliases,
  );
}

/** Reads GATEWAY_MODELS_FILE (when set) and builds the catalogue; the built-in models alone otherwise. */
export function loadCatalogue(file: string | undefined, options: Omit<BuildOptions, 'source'>, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): ModelCatalogue {
  if (!file) return buildCatalogue({}, { ...options, source: '(built-in)' });
  let text: string;
  try {
    text = read(file);
  } catch (e) {
    throw new CatalogueError(file, [{ path: '', message: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  return buildCatalogue(parseCatalogueText(text, file), { ...options, source: file });
}

export type { CatalogueFile };
