import type { ChatCompletionRequest } from '../../canonical/chat.schema';
import type { ChatCompletion, ChatCompletionChunk } from '../../canonical/chat.types';
import { nowSeconds } from '../../canonical/text';
import { providerErrorFromHttp } from '../../errors/from-http';
import { ProviderError, registerSecret, type ProviderErrorCode } from '../../errors/provider-error';
import { awsEvents } from '../../http/aws-event-stream';
import type { HttpClient, UpstreamResponse } from '../../http/http-client';
import type { CallContext, CredentialSource, Deployment, ProviderAdapter, ProviderCapabilities } from '../../provider-adapter';
import { asRecord, keyFor, str } from '../shared';
import { parseBedrockCredential, signBedrockRequest } from './bedrock.auth';
import { BedrockToCanonicalStream, fromBedrockResponse, toBedrockRequest } from './bedrock.mapping';
import type { BedrockConverseResponse } from './bedrock.wire';

/** Bedrock's exception names (header `x-amzn-ErrorType`, or `:exception-type` in a stream). */
const EXCEPTIONS: Record<string, ProviderErrorCode> = {
  throttlingexception: 'rate_limited',
  servicequotaexceededexception: 'rate_limited',
  serviceunavailableexception: 'overloaded',
  modelnotreadyexception: 'overloaded',
  modeltimeoutexception: 'timeout',
  internalserverexception: 'upstream_error',
  modelerrorexception: 'upstream_error',
  modelstreamerrorexception: 'upstream_error',
  accessdeniedexception: 'auth',
  unrecognizedclientexception: 'auth',
  invalidsignatureexception: 'auth',
  expiredtokenexception: 'auth',
  resourcenotfoundexception: 'not_found',
  validationexception: 'bad_request',
};

function exceptionCode(type: string | undefined): ProviderErrorCode | undefined {
  return type ? EXCEPTIONS[type.split(':')[0].toLowerCase()] : undefined;
}

/** Amazon Bedrock Converse / ConverseStream, signed with SigV4 (or a Bedrock API key). */
export class BedrockAdapter implements ProviderAdapter {
  readonly id = 'bedrock' as const;
  readonly capabilities: ProviderCapabilities = { chat: true, stream: true, tools: true, jsonMode: true, vision: true, embeddings: false };

  constructor(
    private readonly http: HttpClient,
    private readonly credentials: CredentialSource,
  ) {}

  async chat(req: ChatCompletionRequest, deployment: Deployment, ctx: CallContext): Promise<ChatCompletion> {
    const res = await this.post(req, deployment, ctx, 'converse');
    return fromBedrockResponse((await res.json()) as BedrockConverseResponse, req, deployment.upstreamModel, nowSeconds());
  }

  async *chatStream(req: ChatCompletionRequest, deployment: Deployment, ctx: CallContext): AsyncGenerator<ChatCompletionChunk> {
    const res = await this.post(req, deployment, ctx, 'converse-stream');
    const translator = new BedrockToCanonicalStream(req, deployment.upstreamModel, nowSeconds());
    try {
      for await (const event of awsEvents(res.chunks())) {
        if (event.messageType === 'exception' || event.messageType === 'error') {
          const code = exceptionCode(event.type) ?? 'upstream_error';
          throw new ProviderError({
            provider: this.id,
            code,
            status: code === 'rate_limited' ? 429 : code === 'bad_request' ? 400 : 500,
            message: str(asRecord(event.payload).message) ?? `bedrock stream failed with ${event.type}`,
            upstreamType: event.type,
          });
        }
        yield* translator.push(event.type, asRecord(event.payload));
      }
    } catch (err) {
      if (err instanceof Error && err.message === 'event stream ended inside a message') {
        throw new ProviderError({ provider: this.id, code: 'upstream_error', status: 502, message: 'bedrock closed the stream mid-message' });
      }
      throw err;
    }
    if (!translator.stopped) {
      throw new ProviderError({ provider: this.id, code: 'upstream_error', status: 502, message: 'bedrock closed the stream before messageStop' });
    }
    if (req.stream_options?.include_usage) yield translator.usageChunk();
  }

  private async post(req: ChatCompletionRequest, deployment: Deployment, ctx: CallContext, operation: 'converse' | 'converse-stream'): Promise<UpstreamResponse> {
    const region = deployment.region ?? 'us-east-1';
    const base = deployment.baseUrl ?? `https://bedrock-runtime.${region}.amazonaws.com`;
    const url = new URL(`${base.replace(/\/+$/, '')}/model/${encodeURIComponent(deployment.upstreamModel)}/${operation}`);
    const extraFields = asRecord(deployment.extra?.additionalModelRequestFields);
    const body = JSON.stringify(toBedrockRequest(req, extraFields));
    const credential = parseBedrockCredential(await keyFor(this.credentials, deployment));
    const baseHeaders: Record<string, string> = {
      'content-type': 'application/json',
      accept: operation === 'converse' ? 'application/json' : 'application/vnd.amazon.eventstream',
    };
    let headers: Record<string, string>;
    if (credential.kind === 'sigv4') {
      registerSecret(credential.credentials.secretAccessKey);
      headers = await signBedrockRequest({ url, region, credentials: credential.credentials, headers: baseHeaders, body });
    } else {
      headers = { ...baseHeaders, authorization: `Bearer ${credential.token}` };
    }
    const res = await this.http.send({ provider: this.id, url: url.toString(), headers, body, ctx });
    if (!res.ok) {
      const bodyText = await res.text().catch(() => '');
      const errorType = [res.headers['x-amzn-errortype']].flat()[0];
      return Promise.reject(
        providerErrorFromHttp({
          provider: this.id,
          status: res.status,
          headers: res.headers,
          bodyText,
          refine: (code, parsed) => {
            const byType = exceptionCode(errorType ?? parsed.type);
            return byType === 'bad_request' && code === 'context_length' ? code : (byType ?? code);
          },
        }),
      );
    }
    return res;
  }
}

export function createBedrockAdapter(http: HttpClient, credentials: CredentialSource): BedrockAdapter {
  return new BedrockAdapter(http, credentials);
}
