import type { HttpClient } from '../../http/http-client';
import type { CredentialSource } from '../../provider-adapter';
import { OpenAICompatibleAdapter, type OpenAICompatibleProfile } from '../openai-compatible/openai-compatible.adapter';
import { bearer, OPENAI_STYLE_CAPABILITIES } from '../openai-compatible/profiles';
import { joinUrl } from '../shared';

export const MISTRAL_BASE_URL = 'https://api.mistral.ai/v1';

/**
 * Mistral speaks the OpenAI format with a few renames (`random_seed`, `tool_choice: "any"`),
 * rejects fields it does not know (`user`, `stream_options`, `max_completion_tokens`) and puts
 * stream usage on the last content chunk.
 */
export const mistralProfile: OpenAICompatibleProfile = {
  id: 'mistral',
  capabilities: OPENAI_STYLE_CAPABILITIES,
  url: (deployment, operation) => joinUrl(deployment.baseUrl ?? MISTRAL_BASE_URL, operation),
  authHeaders: (key) => bearer(key),
  streamOptions: () => false,
  patchChatBody(body) {
    if (body.seed != null) body.random_seed = body.seed;
    delete body.seed;
    if (body.max_completion_tokens != null) body.max_tokens = body.max_completion_tokens;
    delete body.max_completion_tokens;
    if (body.tool_choice === 'required') body.tool_choice = 'any';
    delete body.user;
    delete body.n;
  },
};

export function createMistralAdapter(http: HttpClient, credentials: CredentialSource): OpenAICompatibleAdapter {
  return new OpenAICompatibleAdapter(mistralProfile, http, credentials);
}
