import { GENESIS_HASH, linkEntries } from './audit-chain';
import { ChainVerifier, GENESIS, type StoredChainEntry } from './chain-verifier';

function chain(n: number, start = GENESIS): StoredChainEntry[] {
  const drafts = Array.from({ length: n }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(start.seq + i + 1).padStart(12, '0')}`,
    orgId: 'org-a',
    eventId: `evt-${start.seq + i + 1}`,
    action: 'request.received',
    source: 'gateway',
    occurredAt: new Date(Date.UTC(2026, 2, 1, 0, 0, i)),
    recordedAt: new Date(Date.UTC(2026, 2, 1, 0, 0, i, 5)),
    traceId: null,
    outcome: 'success',
    actor: { type: 'key', id: 'key-1', keyId: 'key-1' },
    resource: 'model:gpt-4o',
    summary: `request ${i}`,
    data: { n: i },
    salt: Buffer.alloc(16, i),
  }));
  return linkEntries(start, drafts).map((e) => ({ ...e, personalSalt: e.salt, erasureId: null }));
}

const verify = (entries: StoredChainEntry[], head: { seq: number; hash: string } | null, start = GENESIS, checkpoints: [number, string][] = []) => {
  const v = new ChainVerifier(start, (id) => id === 'erasure-1');
  for (const [seq, hash] of checkpoints) v.expectCheckpoint(seq, hash);
  for (const e of entries) if (!v.push(e)) break;
  return { problem: v.finish(head), verified: v.verified };
};
const headOf = (c: StoredChainEntry[]) => ({ seq: c[c.length - 1].seq, hash: c[c.length - 1].hash });

describe('ChainVerifier', () => {
  it('accepts an intact chain that ends at its head', () => {
    const c = chain(5);
    expect(verify(c, headOf(c))).toEqual({ problem: null, verified: 5 });
  });

  it('accepts an empty chain without a head, and one whose start was purged behind an anchor', () => {
    expect(verify([], null).problem).toBeNull();
    const c = chain(6);
    const anchor = { seq: c[2].seq, hash: c[2].hash };
    expect(verify(c.slice(3), headOf(c), anchor)).toEqual({ problem: null, verified: 3 });
  });

  it('reports an entry whose data was edited as altered', () => {
    const c = chain(5);
    c[2] = { ...c[2], data: { n: 99 } };
    expect(verify(c, headOf(c)).problem).toMatchObject({ kind: 'altered', seq: 3, entryId: c[2].id });
  });

  it('reports an entry whose chained fields were edited as altered', () => {
    const c = chain(5);
    c[3] = { ...c[3], outcome: 'failure' };
    expect(verify(c, headOf(c)).problem).toMatchObject({ kind: 'altered', seq: 4 });
  });

  it('reports a gap in the sequence as the first missing entry deleted', () => {
    const c = chain(6);
    c.splice(2, 2);
    expect(verify(c, headOf(c)).problem).toMatchObject({ kind: 'deleted', seq: 3, entryId: null, message: expect.stringMatching(/entries 3–4 are missing/) });
  });

  it('reports entries cut off the end of the chain as deleted, from the head record', () => {
    const c = chain(6);
    expect(verify(c.slice(0, 4), headOf(c)).problem).toMatchObject({ kind: 'deleted', seq: 5 });
  });

  it('reports a forged entry slipped in (later entries renumbered) as inserted, naming it', () => {
    const c = chain(5);
    const [forged] = linkEntries({ seq: 2, hash: c[1].hash }, [{ ...c[2], eventId: 'forged', data: { n: -1 }, salt: Buffer.alloc(16, 9) }]);
    const renumbered = c.slice(2).map((e) => ({ ...e, seq: e.seq + 1 }));
    const tampered = [...c.slice(0, 2), { ...forged, personalSalt: forged.salt, erasureId: null }, ...renumbered];
    expect(verify(tampered, { seq: 6, hash: renumbered[2].hash }).problem).toMatchObject({ kind: 'inserted', seq: 3, entryId: forged.id });
  });

  it('reports an entry that does not link to its predecessor as inserted', () => {
    const c = chain(4);
    c[2] = { ...c[2], prevHash: 'ee'.repeat(32) };
    expect(verify(c, headOf(c)).problem).toMatchObject({ kind: 'inserted', seq: 3 });
  });

  it('reports entries past the head record as inserted', () => {
    const c = chain(4);
    expect(verify(c, { seq: 3, hash: c[2].hash }).problem).toMatchObject({ kind: 'inserted', seq: 4 });
  });

  it('catches an entry rewritten with a consistent hash through the signed checkpoint after it', () => {
    const c = chain(4);
    const checkpoint: [number, string] = [4, c[3].hash];
    const rewritten = linkEntries({ seq: 2, hash: c[1].hash }, [
      { ...c[2], data: { n: 1000 }, salt: c[2].personalSalt! },
      { ...c[3], salt: c[3].personalSalt! },
    ]).map((e) => ({ ...e, personalSalt: e.salt, erasureId: null }));
    const tampered = [...c.slice(0, 2), ...rewritten];
    expect(verify(tampered, headOf(tampered)).problem).toBeNull();
    expect(verify(tampered, headOf(tampered), GENESIS, [checkpoint]).problem).toMatchObject({ kind: 'altered', seq: 4, message: expect.stringMatching(/checkpoint/) });
  });

  it('reports a checkpoint for an entry that no longer exists as deleted', () => {
    const c = chain(4);
    expect(verify(c.slice(0, 3), headOf(c.slice(0, 3)), GENESIS, [[4, c[3].hash]]).problem).toMatchObject({ kind: 'deleted', seq: 4 });
  });

  it('accepts an erased entry (salt dropped, personal fields replaced) only with a recorded erasure', () => {
    const c = chain(3);
    const erased = { ...c[1], actor: { type: 'key', id: 'pseudonym-1' }, data: { n: 0 }, personalSalt: null };
    expect(verify([c[0], { ...erased, erasureId: 'erasure-1' }, c[2]], headOf(c)).problem).toBeNull();
    expect(verify([c[0], { ...erased, erasureId: null }, c[2]], headOf(c)).problem).toMatchObject({ kind: 'altered', seq: 2 });
    expect(verify([c[0], { ...erased, erasureId: 'made-up' }, c[2]], headOf(c)).problem).toMatchObject({ kind: 'altered', seq: 2 });
  });

  it('stops at the first problem', () => {
    const c = chain(6);
    c[1] = { ...c[1], data: { n: 5 } };
    c[4] = { ...c[4], data: { n: 5 } };
    const r = verify(c, headOf(c));
    expect(r.problem).toMatchObject({ seq: 2 });
    expect(r.verified).toBe(1);
  });

  it('reports a missing head record when entries exist', () => {
    expect(verify(chain(2), null).problem).toMatchObject({ kind: 'deleted', message: expect.stringMatching(/head/) });
  });

  it('starts from genesis with the zero hash', () => {
    expect(GENESIS).toEqual({ seq: 0, hash: GENESIS_HASH });
  });
});
