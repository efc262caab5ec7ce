import type { CatalogueFileInput } from './catalogue.schema';

/**
 * Built into every gateway, so the platform works offline: deterministic `mock` deployments
 * (no network, exact usage). Prices are nominal demo prices, so budgets have something to count.
 */
export const DEFAULT_CATALOGUE: CatalogueFileInput = {
  models: {
    'mock/gpt-4o-mini': {
      description: 'Mock chat model: echoes the last user message, calls the first tool offered, answers JSON in JSON mode',
      pricing: { input: 0.15, output: 0.6 },
      deployments: [{ id: 'mock-gpt-4o-mini', provider: 'mock', model: 'mock-gpt-4o-mini' }],
    },
    'mock/claude-sonnet': {
      description: 'Mock chat model priced like a large model',
      pricing: { input: 3, output: 15 },
      deployments: [{ id: 'mock-claude-sonnet', provider: 'mock', model: 'mock-claude-sonnet' }],
    },
    'mock/slow': {
      description: 'Mock chat model that takes its time: 200 ms to the first token, 25 ms per token after',
      pricing: { input: 0.15, output: 0.6 },
      deployments: [{ id: 'mock-slow', provider: 'mock', model: 'mock-slow', extra: { firstTokenLatencyMs: 200, perTokenLatencyMs: 25 } }],
    },
    'mock/flaky': {
      description: 'A deployment that is always overloaded in front of a healthy one: shows fallback and the circuit breaker',
      pricing: { input: 0.15, output: 0.6 },
      deployments: [
        { id: 'mock-flaky-overloaded', provider: 'mock', model: 'mock-overloaded', weight: 1, extra: { failWith: 'overloaded' } },
        { id: 'mock-flaky-healthy', provider: 'mock', model: 'mock-healthy', weight: 0 },
      ],
    },
    'mock/embedding': {
      type: 'embeddings',
      description: 'Mock embeddings: 8 dimensions (or `dimensions`), derived from a hash of each input',
      pricing: { input: 0.02, output: 0 },
      deployments: [{ id: 'mock-embedding', provider: 'mock', model: 'mock-embedding' }],
    },
  },
  aliases: {
    fast: 'mock/gpt-4o-mini',
    smart: 'mock/claude-sonnet',
  },
};
