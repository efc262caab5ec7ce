import { Logger } from '@nestjs/common';
import { AuthError, AuthErrorCode } from '../auth';
import { HotPathError, HotPathErrorCode } from '../hot-path/hot-path.exception';
import { ProviderError } from '../providers';
import { RoutingError, RoutingErrorCode } from '../routing/routing.exception';
import { ClientClosedError } from './client-closed';
import { anthropicErrorReply, openAIErrorReply } from './error-replies';
import { dialectOfRoute } from './framework-errors';

describe('inference error replies', () => {
  it('answers a refused model with 403 in OpenAI format, naming the layer and the param', () => {
    const reply = openAIErrorReply(new AuthError(AuthErrorCode.ModelNotAllowed, 'Model "x" is not among the team\'s allowed models (mock/*)'));
    expect(reply).toEqual({
      status: 403,
      headers: { 'x-ironcage-error-code': 'model_not_allowed' },
      body: { error: { message: 'Model "x" is not among the team\'s allowed models (mock/*)', type: 'permission_error', param: 'model', code: 'model_not_allowed' } },
    });
  });

  it('treats a client that went away as an ending (499 client_closed), not an unhandled error to log', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      expect(openAIErrorReply(new ClientClosedError())).toMatchObject({ status: 499, headers: { 'x-ironcage-error-code': 'client_closed' } });
      expect(anthropicErrorReply(new ClientClosedError())).toMatchObject({ status: 499 });
      expect(logged).not.toHaveBeenCalled();
      openAIErrorReply(new Error('boom'));
      expect(logged).toHaveBeenCalledTimes(1);
    } finally {
      logged.mockRestore();
    }
  });

  it('answers an unknown key with 401 in both formats', () => {
    const err = new AuthError(AuthErrorCode.InvalidCredentials);
    expect(openAIErrorReply(err)).toMatchObject({ status: 401, body: { error: { type: 'authentication_error', code: 'invalid_credentials' } } });
    expect(anthropicErrorReply(err)).toMatchObject({ status: 401, body: { type: 'error', error: { type: 'authentication_error', message: 'The key is not valid' } } });
  });

  it('names the invalid field of a 400', () => {
    const err = new HotPathError(HotPathErrorCode.InvalidRequest, 'Invalid request body: messages[0].role: bad', { param: 'messages[0].role' });
    expect(openAIErrorReply(err).body.error).toMatchObject({ type: 'invalid_request_error', param: 'messages[0].role', code: 'invalid_request' });
  });

  it('answers budget and rate limits with 429 and retry-after', () => {
    const reply = openAIErrorReply(new HotPathError(HotPathErrorCode.BudgetExceeded, 'spent', { retryAfterSeconds: 90 }));
    expect(reply).toMatchObject({ status: 429, headers: { 'retry-after': '90' }, body: { error: { type: 'rate_limit_error', code: 'budget_exceeded' } } });
    expect(anthropicErrorReply(new HotPathError(HotPathErrorCode.RateLimited, 'slow down', { retryAfterSeconds: 3 }))).toMatchObject({ status: 429, headers: { 'retry-after': '3' }, body: { error: { type: 'rate_limit_error' } } });
  });

  it('answers upstream failures with 502/503/504, an overloaded Anthropic upstream with 529', () => {
    expect(openAIErrorReply(new ProviderError({ provider: 'openai', code: 'upstream_error', status: 500, message: 'boom' })).status).toBe(502);
    expect(openAIErrorReply(new RoutingError(RoutingErrorCode.NoHealthyDeployment, 'paused', 12))).toMatchObject({ status: 503, headers: { 'retry-after': '12' } });
    expect(openAIErrorReply(new ProviderError({ provider: 'openai', code: 'timeout', status: 504, message: 'slow' })).status).toBe(504);
    expect(anthropicErrorReply(new ProviderError({ provider: 'anthropic', code: 'overloaded', status: 529, message: 'Overloaded' })).status).toBe(529);
  });

  it('answers a body over the limit with 413 in the dialect of the route', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    expect(openAIErrorReply(tooLarge)).toMatchObject({ status: 413, body: { error: { code: 'request_too_large', type: 'invalid_request_error' } } });
    expect(anthropicErrorReply(tooLarge)).toMatchObject({ status: 413, body: { error: { type: 'request_too_large' } } });
    expect([dialectOfRoute('/v1/chat/completions'), dialectOfRoute('/v1/messages'), dialectOfRoute('/v1/models/*'), dialectOfRoute('/admin/v1/orgs')]).toEqual(['openai', 'anthropic', 'openai', undefined]);
  });

  it('hides unknown failures behind an error id', () => {
    const reply = openAIErrorReply(new TypeError('cannot read x of undefined at /srv/secret/path.ts'));
    expect(reply.status).toBe(500);
    expect(reply.body.error.message).toMatch(/^Internal error; quote error id [0-9a-f-]{36} when reporting it$/);
  });
});
