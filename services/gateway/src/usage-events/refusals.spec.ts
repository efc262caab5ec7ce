import { EVENTS, type EventContract, UNATTRIBUTED_ORG_ID } from '@ironcage/contracts';
import type { ExecutionContext } from '@nestjs/common';
import { MetricsRegistry } from '@ironcage/kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthError, AuthErrorCode, type KeyAuthenticator, type Principal } from '../auth';
import { attachPrincipal } from '../auth/request-identity';
import { KeyHasher } from '../keys/key-hasher';
import { Refusals } from './refusals';
import { UsageEvents } from './usage-events';

class Recorder {
  readonly published: { subject: string; orgId: string; data: Record<string, unknown> }[] = [];
  async publish(contract: EventContract, data: unknown, options: { orgId: string }) {
    this.published.push({ subject: contract.subject, orgId: options.orgId, data: data as Record<string, unknown> });
  }
}

const request = (headers: Record<string, string> = {}) => ({ headers, method: 'POST', url: '/v1/chat/completions', routeOptions: { url: '/v1/chat/completions' } }) as unknown as FastifyRequest;
const reply = { elapsedTime: 2.5 } as FastifyReply;
const owner: Principal = { orgId: 'acme', keyId: 'k-1', teamId: 't-1', metadata: {}, tags: [] };

describe('Refusals: requests refused before a handler ran', () => {
  let recorder: Recorder;
  let usage: UsageEvents;
  const authenticator = { authenticate: () => Promise.resolve({ principal: owner }) } as unknown as KeyAuthenticator;
  const refusals = (perSecond: number) => new Refusals(usage, authenticator, new KeyHasher('test-secret'), new MetricsRegistry('gateway-test'), { GATEWAY_UNATTRIBUTED_EVENTS_PER_SECOND: perSecond });

  beforeEach(() => {
    recorder = new Recorder();
    usage = new UsageEvents(recorder);
  });

  it('records a refusal of a revoked key in its own organisation, with the whole request time as latency', async () => {
    const id = refusals(10).record(request({ authorization: 'Bearer sk-ic-whatever' }), reply, 401, 'key_revoked', new AuthError(AuthErrorCode.KeyRevoked, undefined, owner));
    await usage.drain();
    expect(recorder.published.map((p) => [p.subject, p.orgId])).toEqual([
      [EVENTS.requestReceived, 'acme'],
      [EVENTS.costIncurred, 'acme'],
    ]);
    expect(recorder.published[0].data).toMatchObject({ requestId: id, status: 401, errorCode: 'key_revoked', principal: { keyId: 'k-1', teamId: 't-1' }, endpoint: '/v1/chat/completions' });
    expect(recorder.published[0].data.latencyMs).toBeGreaterThanOrEqual(2.5);
    expect(recorder.published[1].data).toMatchObject({ requestId: id, costMicros: 0 });
  });

  it('attributes a token nobody issued to no organisation, under an id that correlates attempts without revealing the token', async () => {
    const r = refusals(10);
    r.record(request({ authorization: 'Bearer not-a-key-at-all' }), reply, 401, 'invalid_credentials', new AuthError(AuthErrorCode.InvalidCredentials));
    r.record(request({ 'x-api-key': 'not-a-key-at-all' }), reply, 401, 'invalid_credentials', new AuthError(AuthErrorCode.InvalidCredentials));
    r.record(request(), reply, 401, 'missing_credentials', new AuthError(AuthErrorCode.MissingCredentials));
    await usage.drain();
    const received = recorder.published.filter((p) => p.subject === EVENTS.requestReceived);
    expect(received.map((p) => p.orgId)).toEqual([UNATTRIBUTED_ORG_ID, UNATTRIBUTED_ORG_ID, UNATTRIBUTED_ORG_ID]);
    const keyIds = received.map((p) => (p.data.principal as { keyId: string }).keyId);
    expect(keyIds[0]).toMatch(/^unknown-[0-9a-f]{16}$/);
    expect(keyIds[1]).toBe(keyIds[0]);
    expect(keyIds[2]).toBe('none');
    expect(JSON.stringify(recorder.published)).not.toContain('not-a-key-at-all');
  });

  it('attributes a body refused before authentication (413) to the key when it is one of ours', async () => {
    refusals(10).record(request({ authorization: 'Bearer sk-ic-valid' }), reply, 413, 'request_too_large', Object.assign(new Error('too large'), { statusCode: 413 }));
    await new Promise((r) => setImmediate(r));
    await usage.drain();
    expect(recorder.published.map((p) => p.orgId)).toEqual(['acme', 'acme']);
    expect(recorder.published[0].data).toMatchObject({ status: 413, errorCode: 'request_too_large', principal: { keyId: 'k-1' } });
  });

  it('publishes at most GATEWAY_UNATTRIBUTED_EVENTS_PER_SECOND unattributed refusals a second, so garbage keys cannot flood the bus', async () => {
    const r = refusals(3);
    for (let i = 0; i < 10; i++) r.record(request({ authorization: `Bearer junk-${i}` }), reply, 401, 'invalid_credentials', new AuthError(AuthErrorCode.InvalidCredentials));
    // attributed refusals are never capped
    r.record(request(), reply, 401, 'key_revoked', new AuthError(AuthErrorCode.KeyRevoked, undefined, owner));
    await usage.drain();
    const received = recorder.published.filter((p) => p.subject === EVENTS.requestReceived);
    // a run straddling a second boundary may admit up to twice the limit
    expect(received.filter((p) => p.orgId === UNATTRIBUTED_ORG_ID).length).toBeGreaterThanOrEqual(3);
    expect(received.filter((p) => p.orgId === UNATTRIBUTED_ORG_ID).length).toBeLessThanOrEqual(6);
    expect(received.filter((p) => p.orgId === 'acme')).toHaveLength(1);
  });

  it('leaves requests a guard authenticated to their use case, which records them itself', async () => {
    const seen = request({ authorization: 'Bearer sk-ic-valid' });
    attachPrincipal({ getType: () => 'http', switchToHttp: () => ({ getRequest: () => seen }) } as unknown as ExecutionContext, owner);
    expect(refusals(10).record(seen, reply, 400, 'invalid_request', new Error('x'))).toBeUndefined();
    await usage.drain();
    expect(recorder.published).toEqual([]);
  });
});
