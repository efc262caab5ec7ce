import type { HttpClient } from '../../http/http-client';
import type { CredentialSource } from '../../provider-adapter';
import { OpenAICompatibleAdapter, type OpenAICompatibleProfile } from '../openai-compatible/openai-compatible.adapter';
import { bearer, OPENAI_STYLE_CAPABILITIES } from '../openai-compatible/profiles';
import { joinUrl } from '../shared';

export const GROQ_BASE_URL = 'https://api.groq.com/openai/v1';

/** Groq: OpenAI-compatible; older deployments report stream usage under `x_groq.usage`, which the base adapter reads. */
export const groqProfile: OpenAICompatibleProfile = {
  id: 'groq',
  capabilities: { ...OPENAI_STYLE_CAPABILITIES, embeddings: false },
  url: (deployment, operation) => joinUrl(deployment.baseUrl ?? GROQ_BASE_URL, operation),
  authHeaders: (key) => bearer(key),
  streamOptions: () => true,
};

export function createGroqAdapter(http: HttpClient, credentials: CredentialSource): OpenAICompatibleAdapter {
  return new OpenAICompatibleAdapter(groqProfile, http, credentials);
}
