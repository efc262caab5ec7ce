type HeaderValue = string | string[] | undefined;
export type HeaderMap = Record<string, HeaderValue>;

function header(headers: HeaderMap, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * How long the upstream asked us to wait, from `retry-after-ms` (OpenAI, Azure), `retry-after`
 * (seconds or an HTTP date) or `x-ratelimit-reset-requests` style durations (`1s`, `6m0s`, `20ms`).
 */
export function retryAfterMsFromHeaders(headers: HeaderMap, now = Date.now()): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Math.round(Number(ms)));
  const ra = header(headers, 'retry-after');
  if (ra) {
    if (/^\d+(\.\d+)?$/.test(ra.trim())) return Math.round(Number(ra) * 1000);
    const date = Date.parse(ra);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = header(headers, 'x-ratelimit-reset-requests') ?? header(headers, 'x-ratelimit-reset-tokens');
  if (reset) return parseGoDuration(reset);
  return undefined;
}

/** `1m30s`, `250ms`, `2.5s`, `30s` → milliseconds. Also Google's `retryDelay: "30s"`. */
export function parseGoDuration(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let matched = false;
  for (const m of text.matchAll(re)) {
    matched = true;
    const n = Number(m[1]);
    total += m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n * 3_600_000;
  }
  return matched ? Math.round(total) : undefined;
}
