import type { HttpClient } from '../../http/http-client';
import type { CredentialSource } from '../../provider-adapter';
import { joinUrl } from '../shared';
import { OpenAICompatibleAdapter, type OpenAICompatibleProfile } from './openai-compatible.adapter';
import { bearer, OPENAI_STYLE_CAPABILITIES } from './profiles';

/**
 * Any server speaking the OpenAI wire format (vLLM, Ollama's `/v1`, LM Studio, TGI):
 * `baseUrl` is required and includes the `/v1`. Set `extra.streamOptions: false` for servers
 * that reject `stream_options`.
 */
export const openAICompatibleProfile: OpenAICompatibleProfile = {
  id: 'openai-compatible',
  capabilities: OPENAI_STYLE_CAPABILITIES,
  url(deployment, operation) {
    if (!deployment.baseUrl) throw new Error(`deployment ${deployment.id} needs a baseUrl`);
    return joinUrl(deployment.baseUrl, operation);
  },
  authHeaders: (key) => bearer(key),
  streamOptions: (deployment) => deployment.extra?.streamOptions !== false,
};

export function createOpenAICompatibleAdapter(http: HttpClient, credentials: CredentialSource): OpenAICompatibleAdapter {
  return new OpenAICompatibleAdapter(openAICompatibleProfile, http, credentials);
}
