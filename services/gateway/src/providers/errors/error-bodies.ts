import type { ProviderError, ProviderErrorCode } from './provider-error';

/** What the gateway answers a client when a provider call failed, in the client's dialect. */
export interface ErrorReply<B> {
  status: number;
  headers: Record<string, string>;
  body: B;
}

const CLIENT_STATUS: Record<ProviderErrorCode, number> = {
  rate_limited: 429,
  overloaded: 503,
  timeout: 504,
  upstream_error: 502,
  bad_request: 400,
  auth: 502,
  not_found: 404,
  content_filter: 400,
  context_length: 400,
};

const OPENAI_TYPE: Record<ProviderErrorCode, string> = {
  rate_limited: 'rate_limit_error',
  overloaded: 'server_error',
  timeout: 'timeout_error',
  upstream_error: 'server_error',
  bad_request: 'invalid_request_error',
  auth: 'upstream_auth_error',
  not_found: 'invalid_request_error',
  content_filter: 'invalid_request_error',
  context_length: 'invalid_request_error',
};

const OPENAI_CODE: Partial<Record<ProviderErrorCode, string>> = {
  rate_limited: 'rate_limit_exceeded',
  context_length: 'context_length_exceeded',
  content_filter: 'content_filter',
  not_found: 'model_not_found',
};

const ANTHROPIC_TYPE: Record<ProviderErrorCode, string> = {
  rate_limited: 'rate_limit_error',
  overloaded: 'overloaded_error',
  timeout: 'timeout_error',
  upstream_error: 'api_error',
  bad_request: 'invalid_request_error',
  auth: 'api_error',
  not_found: 'not_found_error',
  content_filter: 'invalid_request_error',
  context_length: 'invalid_request_error',
};

function retryHeaders(err: ProviderError): Record<string, string> {
  return err.retryAfterMs === undefined ? {} : { 'retry-after': String(Math.max(1, Math.ceil(err.retryAfterMs / 1000))) };
}

/**
 * An upstream's 401 is the gateway's misconfigured key, not the client's: it is answered as a
 * 502 so clients do not think their own virtual key was rejected.
 */
export function toOpenAIErrorReply(err: ProviderError): ErrorReply<{
  error: { message: string; type: string; param: null; code: string | null };
}> {
  return {
    status: CLIENT_STATUS[err.code],
    headers: retryHeaders(err),
    body: { error: { message: err.message, type: OPENAI_TYPE[err.code], param: null, code: OPENAI_CODE[err.code] ?? err.code } },
  };
}

export function toAnthropicErrorReply(err: ProviderError): ErrorReply<{
  type: 'error';
  error: { type: string; message: string };
}> {
  return {
    status: err.code === 'overloaded' ? 529 : CLIENT_STATUS[err.code],
    headers: retryHeaders(err),
    body: { type: 'error', error: { type: ANTHROPIC_TYPE[err.code], message: err.message } },
  };
}
