import type { HttpClient } from '../../http/http-client';
import type { CredentialSource } from '../../provider-adapter';
import { OpenAICompatibleAdapter, type OpenAICompatibleProfile } from '../openai-compatible/openai-compatible.adapter';
import { bearer, OPENAI_STYLE_CAPABILITIES } from '../openai-compatible/profiles';
import { joinUrl } from '../shared';

export const TOGETHER_BASE_URL = 'https://api.together.xyz/v1';

/** Together: OpenAI-compatible; the last stream chunk carries usage, so `stream_options` is not sent. */
export const togetherProfile: OpenAICompatibleProfile = {
  id: 'together',
  capabilities: OPENAI_STYLE_CAPABILITIES,
  url: (deployment, operation) => joinUrl(deployment.baseUrl ?? TOGETHER_BASE_URL, operation),
  authHeaders: (key) => bearer(key),
  streamOptions: () => false,
};

export function createTogetherAdapter(http: HttpClient, credentials: CredentialSource): OpenAICompatibleAdapter {
  return new OpenAICompatibleAdapter(togetherProfile, http, credentials);
}
