import { createHash } from 'node:crypto';
import { canonicalChainContent, chainContent, checkpointMessage, entryHash, GENESIS_HASH, linkEntries, personalDigest } from './audit-chain';
import { canonicalJson } from './canonical-json';

const base = {
  id: '0b8f2c4e-7d4b-4c53-9b1e-3a1f7a0c9d11',
  orgId: 'org-a',
  eventId: 'evt-1',
  action: 'request.received',
  source: 'gateway',
  occurredAt: new Date('2026-03-01T10:00:00.123Z'),
  recordedAt: new Date('2026-03-01T10:00:00.456Z'),
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  outcome: 'success',
  actor: { type: 'user', id: 'alice', userId: 'alice', keyId: 'key-1' },
  resource: 'model:gpt-4o',
  summary: 'POST /v1/chat/completions → 200',
  data: { status: 200, model: 'gpt-4o' },
  salt: Buffer.alloc(16, 7),
};

describe('the audit chain format (v1)', () => {
  it('hashes SHA-256(previous hash bytes ‖ canonical content), the personal fields through a salted digest', () => {
    const [e] = linkEntries({ seq: 0, hash: GENESIS_HASH }, [base]);
    const digest = createHash('sha256')
      .update(base.salt)
      .update(canonicalJson({ actor: base.actor, resource: base.resource, summary: base.summary, data: base.data }))
      .digest('hex');
    const content =
      `{"action":"request.received","eventId":"evt-1","id":"${base.id}","occurredAt":"2026-03-01T10:00:00.123Z","orgId":"org-a","outcome":"success",` +
      `"personalDigest":"${digest}","recordedAt":"2026-03-01T10:00:00.456Z","seq":1,"source":"gateway","traceId":"4bf92f3577b34da6a3ce929d0e0e4736","v":1}`;
    expect(canonicalJson(chainContent({ ...base, seq: 1 }, digest))).toBe(content);
    expect(e.personalDigest).toBe(digest);
    expect(e.prevHash).toBe(GENESIS_HASH);
    expect(e.hash).toBe(createHash('sha256').update(Buffer.alloc(32)).update(content).digest('hex'));
  });

  it('writes the chained content directly exactly as canonical JSON would, nulls and escapes included', () => {
    const odd = { ...base, seq: 9007199254740991, traceId: null, outcome: null, orgId: 'org "ä" \\ \u2028', source: 'svc\n' };
    expect(canonicalChainContent(odd, 'd')).toBe(canonicalJson(chainContent(odd, 'd')));
    expect(canonicalChainContent({ ...base, seq: 1 }, 'd')).toBe(canonicalJson(chainContent({ ...base, seq: 1 }, 'd')));
  });

  it('links each entry to the one before, numbering from the head', () => {
    const chain = linkEntries({ seq: 41, hash: 'ab'.repeat(32) }, [base, { ...base, eventId: 'evt-2' }, { ...base, eventId: 'evt-3' }]);
    expect(chain.map((e) => e.seq)).toEqual([42, 43, 44]);
    expect(chain[0].prevHash).toBe('ab'.repeat(32));
    expect(chain[1].prevHash).toBe(chain[0].hash);
    expect(chain[2].prevHash).toBe(chain[1].hash);
    expect(new Set(chain.map((e) => e.hash)).size).toBe(3);
  });

  it('changes the digest when any personal field changes, and the hash when any chained field changes', () => {
    const d = personalDigest(base.salt, base);
    expect(personalDigest(base.salt, { ...base, data: { status: 201, model: 'gpt-4o' } })).not.toBe(d);
    expect(personalDigest(base.salt, { ...base, actor: { ...base.actor, id: 'mallory' } })).not.toBe(d);
    expect(personalDigest(Buffer.alloc(16, 8), base)).not.toBe(d);
    const h = entryHash(GENESIS_HASH, { ...base, seq: 1 }, d);
    expect(entryHash(GENESIS_HASH, { ...base, seq: 2 }, d)).not.toBe(h);
    expect(entryHash(GENESIS_HASH, { ...base, seq: 1, outcome: 'failure' }, d)).not.toBe(h);
    expect(entryHash(GENESIS_HASH, { ...base, seq: 1, occurredAt: new Date('2026-03-01T10:00:00.124Z') }, d)).not.toBe(h);
    expect(entryHash('11'.repeat(32), { ...base, seq: 1 }, d)).not.toBe(h);
  });

  it('keeps the entry hash when personal fields are replaced but the stored digest is kept (erasure)', () => {
    const d = personalDigest(base.salt, base);
    const pseudonymised = { ...base, actor: { type: 'user', id: 'pseudonym:1f2e' }, summary: 'POST /v1/chat/completions → 200' };
    expect(entryHash(GENESIS_HASH, { ...pseudonymised, seq: 1 }, d)).toBe(entryHash(GENESIS_HASH, { ...base, seq: 1 }, d));
  });

  it('signs checkpoints over canonical JSON of kind, org, position, hash, time and key', () => {
    const message = checkpointMessage({ kind: 'periodic', orgId: 'org-a', seq: 10, hash: 'ff'.repeat(32), createdAt: new Date('2026-03-01T00:00:00Z'), keyId: 'ed25519:0011223344556677' });
    expect(message.toString()).toBe(
      `{"createdAt":"2026-03-01T00:00:00.000Z","hash":"${'ff'.repeat(32)}","keyId":"ed25519:0011223344556677","kind":"periodic","orgId":"org-a","seq":10,"v":1}`,
    );
  });
});
