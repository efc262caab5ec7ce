import type { HttpClient } from '../../http/http-client';
import type { CredentialSource } from '../../provider-adapter';
import { OpenAICompatibleAdapter, type OpenAICompatibleProfile } from '../openai-compatible/openai-compatible.adapter';
import { OPENAI_STYLE_CAPABILITIES } from '../openai-compatible/profiles';
import { joinUrl } from '../shared';

export const AZURE_DEFAULT_API_VERSION = '2024-10-21';

/**
 * Azure OpenAI: `baseUrl` is the resource endpoint (`https://<resource>.openai.azure.com`),
 * `upstreamModel` the deployment name, the key goes in `api-key` and every call names an
 * `api-version`. Content-filter refusals arrive as 400 `content_filter` or `finish_reason: content_filter`.
 */
export const azureOpenAIProfile: OpenAICompatibleProfile = {
  id: 'azure-openai',
  capabilities: OPENAI_STYLE_CAPABILITIES,
  url(deployment, operation) {
    if (!deployment.baseUrl) throw new Error(`deployment ${deployment.id} needs the Azure resource endpoint as baseUrl`);
    const version = encodeURIComponent(deployment.apiVersion ?? AZURE_DEFAULT_API_VERSION);
    return `${joinUrl(deployment.baseUrl, `openai/deployments/${encodeURIComponent(deployment.upstreamModel)}/${operation}`)}?api-version=${version}`;
  },
  authHeaders: (key) => ({ 'api-key': key }),
  streamOptions: () => true,
  patchChatBody(body) {
    delete body.model;
  },
};

export function createAzureOpenAIAdapter(http: HttpClient, credentials: CredentialSource): OpenAICompatibleAdapter {
  return new OpenAICompatibleAdapter(azureOpenAIProfile, http, credentials);
}
