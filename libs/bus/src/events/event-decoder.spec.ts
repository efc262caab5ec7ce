import { requestReceivedEvent } from '@ironcage/contracts';
import { decodeEvent } from './event-decoder';

const encode = (v: unknown): Uint8Array => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

const data = {
  requestId: 'req-1',
  principal: { keyId: 'key-1' },
  endpoint: '/v1/chat/completions',
  method: 'POST',
  status: 200,
  latencyMs: 12,
};
const envelope = {
  id: 'evt-1',
  type: 'request.received',
  specversion: '1.0',
  dataversion: 1,
  source: 'gateway',
  time: '2025-01-01T00:00:00.000Z',
  orgId: 'org-1',
  data,
};

describe('decodeEvent', () => {
  it('returns the envelope with data validated by the contract', () => {
    const result = decodeEvent(encode(envelope), requestReceivedEvent);
    expect(result).toEqual({ ok: true, envelope });
  });

  it('rejects a payload that is not JSON without quoting it', () => {
    const result = decodeEvent(encode('{"prompt": "secret'), requestReceivedEvent);
    expect(result).toEqual({ ok: false, reason: 'payload is not valid UTF-8 JSON (18 bytes)' });
  });

  it('names the envelope fields that are missing or wrong', () => {
    const { orgId: _orgId, ...rest } = envelope;
    const result = decodeEvent(encode({ ...rest, specversion: '2.0' }), requestReceivedEvent);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^envelope is invalid: specversion: .*; orgId: /);
  });

  it('names the data field that breaks the contract', () => {
    const result = decodeEvent(encode({ ...envelope, data: { ...data, principal: { keyId: '' } } }), requestReceivedEvent);
    expect(!result.ok && result.reason).toMatch(/^data breaks the request.received v1 contract: data\.principal\.keyId: /);
  });

  it('rejects an event of another type or data version', () => {
    expect(decodeEvent(encode({ ...envelope, type: 'cost.incurred' }), requestReceivedEvent)).toEqual({
      ok: false,
      reason: 'envelope type "cost.incurred" does not match subject request.received',
    });
    expect(decodeEvent(encode({ ...envelope, dataversion: 2 }), requestReceivedEvent)).toEqual({
      ok: false,
      reason: 'dataversion 2 is not supported for request.received (expected 1)',
    });
  });
});
