import { parseRetryAfter, retryableStatus, retryDelayMs } from './retry-policy';

describe('retryDelayMs', () => {
  const policy = { baseMs: 1000, maxMs: 60_000 };

  it('doubles per attempt, with up to half of each delay as jitter, and stops at the maximum', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(30, policy, () => 1)).toBe(60_000);
  });

  it('waits at least as long as Retry-After asks, up to the maximum', () => {
    expect(retryDelayMs(1, policy, () => 0, 5000)).toBe(5000);
    expect(retryDelayMs(1, policy, () => 0, 3_600_000)).toBe(60_000);
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('retryableStatus', () => {
  it('retries 408, 429 and 5xx, never another 4xx', () => {
    expect([400, 401, 404, 408, 410, 429, 500, 503].map(retryableStatus)).toEqual([false, false, false, true, false, true, true, true]);
  });
});
