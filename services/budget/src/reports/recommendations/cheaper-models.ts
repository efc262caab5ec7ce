/**
 * A curated list of "the same family, cheaper" per provider: what a recommendation may suggest for
 * short requests. Quality is not something the ledger can see, so this stays a short list a person
 * chose, not a price-sorted guess; extend it as catalogues change.
 */
export const CHEAPER_IN_FAMILY: Record<string, Record<string, string>> = {
  openai: {
    'gpt-6-astra': 'gpt-6-sol',
    'gpt-6-sol': 'gpt-6-luna',
    'gpt-6.1-sol': 'gpt-6-luna',
    'gpt-6.1-terra': 'gpt-6-luna',
    'gpt-5.6-sol': 'gpt-5.6-terra',
    'gpt-5.6-terra': 'gpt-5.6-luna',
    'gpt-5.5': 'gpt-5.4-mini',
    'gpt-5.5-pro': 'gpt-5.5',
    'gpt-5.4': 'gpt-5.4-mini',
    'gpt-5.4-mini': 'gpt-5.4-nano',
    'gpt-5': 'gpt-5-nano',
    'gpt-4.1': 'gpt-4o-mini',
    'gpt-4o': 'gpt-4o-mini',
  },
  'azure-openai': { 'gpt-5.4': 'gpt-5.4-mini', 'gpt-4.1': 'gpt-4o-mini', 'gpt-4o': 'gpt-4o-mini' },
  anthropic: {
    'claude-fable-5-1': 'claude-opus-5-5',
    'claude-opus-5-5': 'claude-sonnet-5-5',
    'claude-opus-5': 'claude-sonnet-5-5',
    'claude-opus-4-8': 'claude-sonnet-5-5',
    'claude-opus-4-7': 'claude-sonnet-4-6',
    'claude-opus-4-6': 'claude-sonnet-4-6',
    'claude-opus-4-5': 'claude-sonnet-4-5',
    'claude-opus-4-1': 'claude-sonnet-4-5',
    'claude-sonnet-5-5': 'claude-haiku-5-5',
    'claude-sonnet-5': 'claude-haiku-5-5',
    'claude-sonnet-4-6': 'claude-haiku-4-5',
    'claude-sonnet-4-5': 'claude-haiku-4-5',
  },
  gemini: {
    'gemini-3.1-pro-preview': 'gemini-3.5-flash',
    'gemini-3.5-flash': 'gemini-3.5-flash-lite',
    'gemini-2.5-pro': 'gemini-2.5-flash',
    'gemini-2.5-flash': 'gemini-2.5-flash-lite',
  },
  mistral: { 'mistral-large-latest': 'mistral-medium-latest', 'mistral-medium-latest': 'mistral-small-latest' },
  cohere: { 'command-a-03-2025': 'command-r-08-2024', 'command-r-plus-08-2024': 'command-r-08-2024', 'command-r-08-2024': 'command-r7b-12-2024' },
  groq: { 'llama-3.3-70b-versatile': 'llama-3.1-8b-instant', 'openai/gpt-oss-120b': 'openai/gpt-oss-20b' },
  mock: { 'claude-sonnet': 'gpt-4o-mini', 'mock-claude-sonnet': 'mock-gpt-4o-mini' },
};
