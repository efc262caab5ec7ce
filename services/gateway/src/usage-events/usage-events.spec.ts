import { EVENTS, type EventContract } from '@ironcage/contracts';
import type { Principal } from '../auth';
import { costMicros, RequestRecord } from './request-record';
import { UsageEvents } from './usage-events';

const principal: Principal = { orgId: 'acme', keyId: 'k1', userId: 'u1', teamId: 't1', metadata: {}, tags: [] };

class Publisher {
  readonly published: { subject: string; data: Record<string, unknown>; id?: string }[] = [];
  failures = 0;
  async publish(contract: EventContract, data: unknown, options: { id?: string }) {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('nats down');
    }
    this.published.push({ subject: contract.subject, data: data as Record<string, unknown>, id: options.id });
    return { id: options.id ?? '', stream: 's', seq: 1, duplicate: false };
  }
}

describe('UsageEvents', () => {
  let publisher: Publisher;
  let usage: UsageEvents;
  beforeEach(() => {
    publisher = new Publisher();
    usage = new UsageEvents(publisher);
  });

  const authorised = () => {
    const r = new RequestRecord(principal, '/v1/chat/completions', 'POST');
    Object.assign(r, { model: 'openai/gpt-4o-mini', provider: 'openai', deployment: 'openai-us', pricing: { input: 0.15, output: 0.6 }, costApplies: true });
    return r;
  };

  it('publishes one request.received and one cost.incurred per request, however often it is finished', async () => {
    const record = authorised();
    record.useUsage({ prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100 });
    usage.finish(record, 200);
    usage.finish(record, 499, 'client_closed');
    await usage.drain();
    expect(publisher.published.map((p) => p.subject)).toEqual([EVENTS.requestReceived, EVENTS.costIncurred]);
    expect(publisher.published[0]).toMatchObject({
      id: record.requestId,
      data: { requestId: record.requestId, status: 200, principal: { keyId: 'k1', userId: 'u1', teamId: 't1' }, model: 'openai/gpt-4o-mini', provider: 'openai', usage: { inputTokens: 1000, outputTokens: 100 } },
    });
    expect(publisher.published[1].data).toMatchObject({ costMicros: 210, currency: 'USD', priced: true, estimated: false, deployment: 'openai-us' });
  });

  it('records a refusal before any model was authorised with a cost event of $0 that names no model', async () => {
    const record = new RequestRecord(principal, '/v1/chat/completions', 'POST');
    usage.finish(record, 400, 'invalid_request');
    await usage.drain();
    expect(publisher.published.map((p) => p.subject)).toEqual([EVENTS.requestReceived, EVENTS.costIncurred]);
    expect(publisher.published[0].data).toMatchObject({ status: 400, errorCode: 'invalid_request' });
    expect(publisher.published[0].data.usage).toBeUndefined();
    expect(publisher.published[1].data).toEqual({
      requestId: record.requestId,
      principal: { keyId: 'k1', userId: 'u1', teamId: 't1' },
      usage: { inputTokens: 0, outputTokens: 0 },
      costMicros: 0,
      currency: 'USD',
      estimated: false,
      priced: false,
    });
  });

  it('estimates the usage of a stream cut before the provider reported any', async () => {
    const record = authorised();
    record.promptChars = 400;
    record.outputChars = 41;
    usage.finish(record, 499, 'client_closed');
    await usage.drain();
    expect(publisher.published[1].data).toMatchObject({ usage: { inputTokens: 100, outputTokens: 11 }, estimated: true });
  });

  it('retries a failed publication under the same event id', async () => {
    publisher.failures = 2;
    const record = authorised();
    usage.finish(record, 200);
    await usage.drain();
    const ids = publisher.published.map((p) => p.id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(record.requestId);
  }, 10_000);
});

describe('costMicros', () => {
  it('prices tokens in micro-USD, cached input at its own price, rounding up once', () => {
    expect(costMicros({ inputTokens: 1000, outputTokens: 100 }, { input: 0.15, output: 0.6 })).toBe(210);
    expect(costMicros({ inputTokens: 1000, cachedInputTokens: 400, outputTokens: 0 }, { input: 3, output: 15, cachedInput: 0.3 })).toBe(1920);
    expect(costMicros({ inputTokens: 1, outputTokens: 1 }, { input: 0.15, output: 0.6 })).toBe(1);
    expect(costMicros({ inputTokens: 10, outputTokens: 10 }, undefined)).toBe(0);
  });
});
