import type { ResponseHeaders } from '../http/http-client';
import {
  codeForStatus,
  looksLikeContextLength,
  ProviderError,
  type ProviderErrorCode,
} from './provider-error';
import { parseGoDuration, retryAfterMsFromHeaders } from './retry-after';

export interface ParsedErrorBody {
  message?: string;
  /** The upstream's error type / code / status string. */
  type?: string;
  retryAfterMs?: number;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined;
}

/**
 * Reads the error out of the common shapes: OpenAI `{error:{message,type,code}}`, Anthropic
 * `{type:'error',error:{type,message}}`, Google `{error:{code,message,status,details}}`,
 * Cohere / Bedrock `{message}`, Mistral / FastAPI `{detail}`.
 */
export function parseErrorBody(text: string): ParsedErrorBody {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { message: text.trim().slice(0, 500) || undefined };
  }
  if (Array.isArray(body)) body = body[0];
  if (!body || typeof body !== 'object') return {};
  const b = body as Record<string, unknown>;
  const err = (b.error && typeof b.error === 'object' ? b.error : undefined) as Record<string, unknown> | undefined;
  const detail = Array.isArray(b.detail)
    ? b.detail.map((d) => str((d as { msg?: unknown })?.msg) ?? JSON.stringify(d)).join('; ')
    : str(b.detail);
  const nested = b.message && typeof b.message === 'object' ? JSON.stringify(b.message).slice(0, 500) : undefined;
  const message = str(err?.message) ?? str(b.error) ?? str(b.message) ?? str(b.Message) ?? detail ?? nested;
  const textual = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const type = textual(err?.code) ?? textual(err?.type) ?? textual(err?.status) ?? textual(b.code) ?? textual(b.__type) ?? textual(b.type);
  let retryAfterMs: number | undefined;
  const details = err?.details;
  if (Array.isArray(details)) {
    for (const d of details as Record<string, unknown>[]) {
      const delay = str(d?.retryDelay);
      if (delay) retryAfterMs = parseGoDuration(delay);
    }
  }
  return { message, type: type === 'error' ? undefined : type, retryAfterMs };
}

const TYPE_CODES: Record<string, ProviderErrorCode> = {
  rate_limit_exceeded: 'rate_limited',
  rate_limit_error: 'rate_limited',
  resource_exhausted: 'rate_limited',
  too_many_requests: 'rate_limited',
  insufficient_quota: 'rate_limited',
  overloaded_error: 'overloaded',
  unavailable: 'overloaded',
  context_length_exceeded: 'context_length',
  string_above_max_length: 'context_length',
  content_filter: 'content_filter',
  content_policy_violation: 'content_filter',
  authentication_error: 'auth',
  permission_error: 'auth',
  invalid_api_key: 'auth',
  unauthenticated: 'auth',
  permission_denied: 'auth',
  not_found_error: 'not_found',
  model_not_found: 'not_found',
  deadline_exceeded: 'timeout',
};

export interface HttpErrorInput {
  provider: string;
  status: number;
  headers: ResponseHeaders;
  bodyText: string;
  /** Provider-specific refinement, applied after the generic mapping. */
  refine?: (code: ProviderErrorCode, parsed: ParsedErrorBody) => ProviderErrorCode;
}

export function providerErrorFromHttp(input: HttpErrorInput): ProviderError {
  const parsed = parseErrorBody(input.bodyText);
  let code = codeForStatus(input.status);
  const byType = parsed.type ? TYPE_CODES[parsed.type.toLowerCase()] : undefined;
  if (byType && !(byType === 'rate_limited' && input.status >= 500)) code = byType;
  if (code === 'bad_request' && parsed.message && looksLikeContextLength(parsed.message)) code = 'context_length';
  if (input.refine) code = input.refine(code, parsed);
  const retryAfterMs = retryAfterMsFromHeaders(input.headers) ?? parsed.retryAfterMs;
  return new ProviderError({
    provider: input.provider,
    code,
    status: input.status,
    message: parsed.message ?? `${input.provider} answered ${input.status}`,
    upstreamType: parsed.type,
    retryAfterMs,
  });
}

/** Reads an error response's body (bounded) and maps it. */
export async function errorFromResponse(
  res: { status: number; headers: ResponseHeaders; text(): Promise<string> },
  provider: string,
  refine?: HttpErrorInput['refine'],
): Promise<ProviderError> {
  let bodyText = '';
  try {
    bodyText = await res.text();
  } catch (err) {
    if (err instanceof ProviderError) return err;
  }
  return providerErrorFromHttp({ provider, status: res.status, headers: res.headers, bodyText: bodyText.slice(0, 64_000), refine });
}
