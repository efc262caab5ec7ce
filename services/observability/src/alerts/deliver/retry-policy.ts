/** Exponential backoff with "equal jitter": half the doubled delay, plus a random share of the other half. */
export function retryDelayMs(attempt: number, policy: { baseMs: number; maxMs: number }, random: () => number, retryAfterMs?: number): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const delay = Math.round(exp / 2 + (random() * exp) / 2);
  // the receiver said when: never sooner than that (but not beyond the longest delay we would wait anyway)
  return retryAfterMs === undefined ? delay : Math.max(delay, Math.min(retryAfterMs, policy.maxMs));
}

/** `Retry-After` as milliseconds from now: delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** Why a delivery failed, and whether another attempt can help. */
export class DeliveryFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryFailure';
  }
}

/** Network errors, timeouts, 408, 429 and 5xx are worth retrying; another 4xx will answer the same. */
export const retryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;
