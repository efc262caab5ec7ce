import { toAnthropicErrorReply, toOpenAIErrorReply } from './error-bodies';
import { parseErrorBody, providerErrorFromHttp } from './from-http';
import { ProviderError, redactSecrets, registerSecret } from './provider-error';
import { parseGoDuration, retryAfterMsFromHeaders } from './retry-after';

describe('ProviderError', () => {
  it('is retryable for rate limits, overload, timeouts and upstream failures only', () => {
    const retryable = (['rate_limited', 'overloaded', 'timeout', 'upstream_error', 'bad_request', 'auth', 'not_found', 'content_filter', 'context_length'] as const).filter(
      (code) => new ProviderError({ provider: 'p', code, status: 500, message: 'm' }).retryable,
    );
    expect(retryable).toEqual(['rate_limited', 'overloaded', 'timeout', 'upstream_error']);
  });

  it('never carries a registered key in its message', () => {
    registerSecret('my-very-secret-upstream-key');
    const err = new ProviderError({ provider: 'p', code: 'auth', status: 401, message: 'Incorrect API key provided: my-very-secret-upstream-key' });
    expect(err.message).toBe('Incorrect API key provided: [redacted]');
  });

  it('redacts key-shaped strings even when they were never registered', () => {
    expect(redactSecrets('bad key sk-abcdefghijklmnop1234 and Bearer abc.def.ghijklmnop and ?key=AIzaSomething')).toBe(
      'bad key [redacted] and Bearer [redacted] and ?key=[redacted]',
    );
  });
});

describe('retry-after parsing', () => {
  it('prefers retry-after-ms, then retry-after seconds or date, then rate-limit reset durations', () => {
    expect(retryAfterMsFromHeaders({ 'retry-after-ms': '1500', 'retry-after': '9' })).toBe(1500);
    expect(retryAfterMsFromHeaders({ 'retry-after': '9' })).toBe(9000);
    expect(retryAfterMsFromHeaders({ 'retry-after': new Date(10_000).toUTCString() }, 4_000)).toBe(6000);
    expect(retryAfterMsFromHeaders({ 'x-ratelimit-reset-requests': '1m30s' })).toBe(90_000);
    expect(retryAfterMsFromHeaders({})).toBeUndefined();
  });

  it('reads Go-style durations', () => {
    expect(parseGoDuration('250ms')).toBe(250);
    expect(parseGoDuration('2.5s')).toBe(2500);
    expect(parseGoDuration('soon')).toBeUndefined();
  });
});

describe('providerErrorFromHttp', () => {
  it('reads Google retry delays from RetryInfo details', () => {
    const err = providerErrorFromHttp({
      provider: 'gemini',
      status: 429,
      headers: {},
      bodyText: JSON.stringify({ error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'quota', details: [{ retryDelay: '12s' }] } }),
    });
    expect(err).toMatchObject({ code: 'rate_limited', retryAfterMs: 12_000, upstreamType: 'RESOURCE_EXHAUSTED' });
  });

  it('treats a non-JSON error page as the message', () => {
    expect(parseErrorBody('<html>Bad Gateway</html>').message).toBe('<html>Bad Gateway</html>');
    expect(providerErrorFromHttp({ provider: 'x', status: 502, headers: {}, bodyText: '<html>Bad Gateway</html>' }).code).toBe('upstream_error');
  });

  it('maps 503 and 529 to overloaded', () => {
    expect(providerErrorFromHttp({ provider: 'x', status: 503, headers: {}, bodyText: '' }).code).toBe('overloaded');
    expect(providerErrorFromHttp({ provider: 'x', status: 529, headers: {}, bodyText: '' }).code).toBe('overloaded');
  });
});

describe('error replies', () => {
  const err = new ProviderError({ provider: 'anthropic', code: 'overloaded', status: 529, message: 'Overloaded', retryAfterMs: 1200 });

  it('answers OpenAI clients with an OpenAI error body and a retry-after header', () => {
    expect(toOpenAIErrorReply(err)).toEqual({ status: 503, headers: { 'retry-after': '2' }, body: { error: { message: 'Overloaded', type: 'server_error', param: null, code: 'overloaded' } } });
  });

  it('answers Anthropic clients with 529 overloaded_error', () => {
    expect(toAnthropicErrorReply(err)).toEqual({ status: 529, headers: { 'retry-after': '2' }, body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } });
  });

  it('does not present an upstream key failure as the client’s own 401', () => {
    expect(toOpenAIErrorReply(new ProviderError({ provider: 'openai', code: 'auth', status: 401, message: 'bad key' })).status).toBe(502);
  });
});
