export type ProviderErrorCode =
  | 'rate_limited'
  | 'overloaded'
  | 'timeout'
  | 'upstream_error'
  | 'bad_request'
  | 'auth'
  | 'not_found'
  | 'content_filter'
  | 'context_length';

const RETRYABLE: Record<ProviderErrorCode, boolean> = {
  rate_limited: true,
  overloaded: true,
  timeout: true,
  upstream_error: true,
  bad_request: false,
  auth: false,
  not_found: false,
  content_filter: false,
  context_length: false,
};

export interface ProviderErrorInit {
  provider: string;
  code: ProviderErrorCode;
  /** The upstream HTTP status, or the status we chose when there was none (timeout → 504). */
  status: number;
  message: string;
  retryable?: boolean;
  retryAfterMs?: number;
  /** The upstream's own error type or code, e.g. `rate_limit_error`, `ThrottlingException`. */
  upstreamType?: string;
  cause?: unknown;
}

/**
 * A failed upstream call, normalised across providers so the router can decide on fallback
 * (`retryable`) and the controller can answer in the client's wire format. The message is
 * sanitised: it never contains the key used for the call.
 */
export class ProviderError extends Error {
  readonly provider: string;
  readonly code: ProviderErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly upstreamType?: string;

  constructor(init: ProviderErrorInit) {
    super(redactSecrets(init.message), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ProviderError';
    this.provider = init.provider;
    this.code = init.code;
    this.status = init.status;
    this.retryable = init.retryable ?? RETRYABLE[init.code];
    this.retryAfterMs = init.retryAfterMs;
    this.upstreamType = init.upstreamType;
  }

  toJSON(): Record<string, unknown> {
    return {
      provider: this.provider,
      code: this.code,
      status: this.status,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      upstreamType: this.upstreamType,
      message: this.message,
    };
  }
}

export function isProviderError(e: unknown): e is ProviderError {
  return e instanceof ProviderError;
}

export function codeForStatus(status: number): ProviderErrorCode {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 413) return 'context_length';
  if (status === 429) return 'rate_limited';
  if (status === 503 || status === 529) return 'overloaded';
  if (status >= 500) return 'upstream_error';
  return 'bad_request';
}

const CONTEXT_LENGTH_HINTS = [
  'context_length_exceeded',
  'context length',
  'maximum context',
  'too many tokens',
  'prompt is too long',
  'input is too long',
  'exceeds the maximum number of tokens',
  'input token count',
  'too long',
];

export function looksLikeContextLength(text: string): boolean {
  const lower = text.toLowerCase();
  return CONTEXT_LENGTH_HINTS.some((hint) => lower.includes(hint));
}

const secrets = new Set<string>();

/** Keys handed to adapters are registered here so no message built later can carry them. */
export function registerSecret(secret: string): void {
  if (secret.length >= 8) secrets.add(secret);
  if (secrets.size > 10_000) secrets.clear();
}

const KEY_PATTERNS: RegExp[] = [
  /\b(sk|pk|rk)-[A-Za-z0-9_-]{8,}/g,
  /\bsk-ant-[A-Za-z0-9_-]{8,}/g,
  /\bAIza[0-9A-Za-z_-]{20,}/g,
  /\b(AKIA|ASIA)[0-9A-Z]{12,}/g,
  /\bgsk_[A-Za-z0-9]{8,}/g,
  /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /([?&](key|api[-_]?key|access_token)=)[^&\s]+/gi,
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  for (const pattern of KEY_PATTERNS) {
    out = out.replace(pattern, (_match, p1: string | undefined) =>
      p1 && (/^bearer\s+$/i.test(p1) || p1.startsWith('?') || p1.startsWith('&')) ? `${p1}[redacted]` : '[redacted]',
    );
  }
  return out.length > 2000 ? `${out.slice(0, 2000)}…` : out;
}
