/**
 * A price version, as the budget service computes with it. Every amount is an integer: micro-USD
 * per million tokens (`…PerMtok`) or micro-USD per unit (`…Micros`). `null` means "not priced
 * separately": the tokens are billed at the base rate of their side (input or output).
 */
export interface Price {
  id: string;
  /** null: the public catalogue; otherwise an organisation's own (negotiated or deployment) price. */
  orgId: string | null;
  provider: string;
  model: string;
  /** '' for the model in general; otherwise the gateway deployment this price overrides. */
  deployment: string;
  version: number;
  effectiveFrom: Date;
  inputPerMtok: bigint;
  outputPerMtok: bigint;
  cachedInputPerMtok: bigint | null;
  cacheWritePerMtok: bigint | null;
  reasoningPerMtok: bigint | null;
  audioInputPerMtok: bigint | null;
  audioOutputPerMtok: bigint | null;
  inputImageMicros: bigint | null;
  outputImageMicros: bigint | null;
  /** Prompts longer than this many tokens are billed at the long-context rates, the whole request. */
  longContextThreshold: number | null;
  longInputPerMtok: bigint | null;
  longOutputPerMtok: bigint | null;
  longCachedInputPerMtok: bigint | null;
  longCacheWritePerMtok: bigint | null;
  maxOutputTokens: number | null;
  contextWindow: number | null;
  source: string;
  sourceDate: string | null;
  note: string | null;
  createdAt: Date;
}

/** Provider names as the gateway spells them (its ProviderId), with the aliases people also use. */
const PROVIDER_ALIASES: Record<string, string> = {
  google: 'gemini',
  'google-ai': 'gemini',
  'vertex-ai': 'vertex',
  vertex_ai: 'vertex',
  azure: 'azure-openai',
  azure_openai: 'azure-openai',
  'aws-bedrock': 'bedrock',
  aws_bedrock: 'bedrock',
  together_ai: 'together',
  togetherai: 'together',
  'together-ai': 'together',
  mistralai: 'mistral',
};

export const canonicalProvider = (provider: string): string => {
  const p = provider.trim().toLowerCase();
  return PROVIDER_ALIASES[p] ?? p;
};

const NAMES_OF = new Map<string, string[]>();
for (const [alias, name] of Object.entries(PROVIDER_ALIASES)) NAMES_OF.set(name, [...(NAMES_OF.get(name) ?? [name]), alias]);

/**
 * Models are matched case-insensitively, with or without the provider prefix under any of the
 * provider's names (`google/gemini-2.5-pro` = `gemini/gemini-2.5-pro` = `gemini-2.5-pro` at gemini).
 */
export const canonicalModel = (provider: string, model: string): string => {
  const m = model.trim().toLowerCase();
  const p = canonicalProvider(provider);
  for (const prefix of NAMES_OF.get(p) ?? [p]) {
    if (m.startsWith(`${prefix}/`)) return m.slice(prefix.length + 1);
  }
  return m;
};
