import { randomUUID } from 'node:crypto';
import { HttpException, Logger } from '@nestjs/common';
import { DomainError, HTTP_STATUS_BY_CATEGORY } from '@ironcage/kit';
import { type ErrorReply, ProviderError, toAnthropicErrorReply, toOpenAIErrorReply } from '../providers';
import { HotPathError } from '../hot-path/hot-path.exception';
import { CLIENT_CLOSED_STATUS } from '../usage-events/request-record';
import { ClientClosedError } from './client-closed';

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

/** A failure as the gateway states it, before it is put in a dialect. */
interface Failure {
  status: number;
  code: string;
  message: string;
  param?: string;
  retryAfterSeconds?: number;
}

const FRAMEWORK_CODES: Record<number, string> = {
  400: 'invalid_json',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'request_too_large',
  415: 'unsupported_media_type',
};

const logger = new Logger('InferenceErrors');

/** Any exception → status, stable code and a message safe to show; unknown failures get only an error id (logged). */
function failureOf(exception: unknown): Failure {
  // nobody is left to answer, and nothing failed: not logged as an error
  if (exception instanceof ClientClosedError) return { status: CLIENT_CLOSED_STATUS, code: 'client_closed', message: exception.message };
  if (exception instanceof DomainError) {
    return {
      status: HTTP_STATUS_BY_CATEGORY[exception.category],
      code: exception.code,
      message: exception.message,
      param: exception instanceof HotPathError ? exception.param : exception.code === 'model_not_allowed' ? 'model' : undefined,
      retryAfterSeconds: exception.retryAfterSeconds,
    };
  }
  const status = exception instanceof HttpException ? exception.getStatus() : (exception as { statusCode?: unknown } | undefined)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Fastify and Nest errors before the handler (body too large, bad JSON, wrong content type): safe to show.
    return { status, code: FRAMEWORK_CODES[status] ?? 'invalid_request', message: (exception as Error).message };
  }
  const errorId = randomUUID();
  logger.error({ msg: 'unhandled error', errorId, err: exception });
  return { status: 500, code: 'internal', message: `Internal error; quote error id ${errorId} when reporting it` };
}

const OPENAI_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'invalid_request_error',
  409: 'invalid_request_error',
  413: 'invalid_request_error',
  415: 'invalid_request_error',
  429: 'rate_limit_error',
};

const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  409: 'invalid_request_error',
  413: 'request_too_large',
  415: 'invalid_request_error',
  429: 'rate_limit_error',
  503: 'overloaded_error',
  504: 'timeout_error',
};

const headersOf = (f: Failure): Record<string, string> => ({
  'x-ironcage-error-code': f.code,
  ...(f.retryAfterSeconds !== undefined ? { 'retry-after': String(f.retryAfterSeconds) } : {}),
});

/** The OpenAI error format: `{"error": {"message", "type", "param", "code"}}`. */
export function openAIErrorReply(exception: unknown): ErrorReply<OpenAIErrorBody> {
  if (exception instanceof ProviderError) {
    const reply = toOpenAIErrorReply(exception);
    return { ...reply, headers: { ...reply.headers, 'x-ironcage-error-code': exception.code } };
  }
  const f = failureOf(exception);
  return {
    status: f.status,
    headers: headersOf(f),
    body: { error: { message: f.message, type: OPENAI_TYPES[f.status] ?? 'server_error', param: f.param ?? null, code: f.code } },
  };
}

/** The Anthropic error format: `{"type": "error", "error": {"type", "message"}}`. */
export function anthropicErrorReply(exception: unknown): ErrorReply<AnthropicErrorBody> {
  if (exception instanceof ProviderError) {
    const reply = toAnthropicErrorReply(exception);
    return { ...reply, headers: { ...reply.headers, 'x-ironcage-error-code': exception.code } };
  }
  const f = failureOf(exception);
  return { status: f.status, headers: headersOf(f), body: { type: 'error', error: { type: ANTHROPIC_TYPES[f.status] ?? 'api_error', message: f.message } } };
}
