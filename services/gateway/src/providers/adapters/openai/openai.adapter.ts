import type { HttpClient } from '../../http/http-client';
import type { CredentialSource } from '../../provider-adapter';
import { OpenAICompatibleAdapter, type OpenAICompatibleProfile } from '../openai-compatible/openai-compatible.adapter';
import { bearer, OPENAI_STYLE_CAPABILITIES } from '../openai-compatible/profiles';
import { extraString, joinUrl } from '../shared';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** OpenAI itself: the canonical format, so the body passes through with only the model replaced. */
export const openAIProfile: OpenAICompatibleProfile = {
  id: 'openai',
  capabilities: OPENAI_STYLE_CAPABILITIES,
  url: (deployment, operation) => joinUrl(deployment.baseUrl ?? OPENAI_BASE_URL, operation),
  authHeaders(key, deployment) {
    const org = extraString(deployment, 'organization');
    const project = extraString(deployment, 'project');
    return { ...bearer(key), ...(org ? { 'openai-organization': org } : {}), ...(project ? { 'openai-project': project } : {}) };
  },
  streamOptions: () => true,
};

export function createOpenAIAdapter(http: HttpClient, credentials: CredentialSource): OpenAICompatibleAdapter {
  return new OpenAICompatibleAdapter(openAIProfile, http, credentials);
}
