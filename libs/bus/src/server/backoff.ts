export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before redelivering an event whose handler failed on delivery `deliveryCount` (1-based):
 * base · 2^(n-1), capped, with ±20 % jitter so replicas that failed together do not retry together.
 */
export function backoffDelay(deliveryCount: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(deliveryCount, 1) - 1, 30);
  const raw = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.max(0, Math.round(Math.min(policy.maxMs, raw * (0.8 + 0.4 * random()))));
}
