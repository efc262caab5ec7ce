import type { EventPublisher } from '@ironcage/bus';
import { auditChainBrokenEvent } from '@ironcage/contracts';
import type { AuditRepository } from '../audit.repository';
import { ChainBreakAnnouncer, chainBreakEventId, chainBrokenData } from './chain-break-announcer';
import type { ChainVerification } from './verify-chain.usecase';

const report = (over: Partial<ChainVerification> = {}): ChainVerification => ({
  orgId: 'org-a',
  ok: false,
  verifiedAt: '2026-03-01T12:00:00.000Z',
  problem: { kind: 'altered', seq: 7, entryId: 'entry-7', message: 'entry 7 does not match its hash' },
  entries: { verified: 6, firstSeq: 1, lastSeq: 6 },
  head: { seq: 12, hash: 'a'.repeat(64) },
  anchor: null,
  checkpoints: { checked: 3, valid: 2, firstInvalid: { kind: 'periodic', seq: 10, createdAt: '2026-03-01T11:00:00.000Z', keyId: 'k1', signature: 'invalid' }, latest: null },
  signingKeyId: 'k1',
  ...over,
});

describe('ChainBreakAnnouncer', () => {
  it('derives the event id from the org and the break: the same break always, another break or org never', () => {
    const id = chainBreakEventId('org-a', report());
    expect(id).toMatch(/^audit-chain-broken:[0-9a-f]{40}$/);
    expect(chainBreakEventId('org-a', report({ verifiedAt: '2026-03-02T00:00:00.000Z', entries: { verified: 6, firstSeq: 1, lastSeq: 6 }, head: { seq: 40, hash: 'b'.repeat(64) } }))).toBe(id);
    expect(chainBreakEventId('org-b', report())).not.toBe(id);
    expect(chainBreakEventId('org-a', report({ problem: { kind: 'deleted', seq: 7, entryId: null, message: 'gone' } }))).not.toBe(id);
    expect(chainBreakEventId('org-a', report({ problem: { kind: 'altered', seq: 3, entryId: 'entry-3', message: 'x' } }))).not.toBe(id);
    // no entry at fault, only a bad signature: the first invalid checkpoint identifies it
    const sig = chainBreakEventId('org-a', report({ problem: null }));
    expect(sig).not.toBe(id);
    expect(chainBreakEventId('org-a', report({ problem: null, checkpoints: { ...report().checkpoints, checked: 9 } }))).toBe(sig);
    expect(chainBreakEventId('x'.repeat(128), report()).length).toBeLessThanOrEqual(128);
  });

  it('builds data the contract accepts, counting invalid checkpoints', () => {
    const data = chainBrokenData(report(), 'schedule');
    expect(auditChainBrokenEvent.schema.parse(data)).toEqual(data);
    expect(data).toMatchObject({ checkpoints: { checked: 3, invalid: 1, firstInvalid: { kind: 'periodic', seq: 10, keyId: 'k1', signature: 'invalid' } }, head: { seq: 12 }, entriesVerified: 6, verifiedBy: 'schedule' });
  });

  it('publishes with the derived id, and not at all once the audit trail holds the announcement', async () => {
    const publish = jest.fn().mockResolvedValue({ id: 'x', stream: 'AUDIT', seq: 1, duplicate: false });
    const hasEvent = jest.fn().mockResolvedValue(false);
    const announcer = new ChainBreakAnnouncer({ publish } as unknown as EventPublisher, { hasEvent } as unknown as AuditRepository);
    expect(await announcer.announce(report(), 'api')).toBe('published');
    expect(publish).toHaveBeenCalledWith(auditChainBrokenEvent, expect.objectContaining({ verifiedBy: 'api' }), { orgId: 'org-a', id: chainBreakEventId('org-a', report()) });
    publish.mockResolvedValueOnce({ id: 'x', stream: 'AUDIT', seq: 1, duplicate: true });
    expect(await announcer.announce(report(), 'schedule')).toBe('duplicate');
    hasEvent.mockResolvedValueOnce(true);
    expect(await announcer.announce(report(), 'schedule')).toBe('known');
    expect(publish).toHaveBeenCalledTimes(2);
    expect(hasEvent).toHaveBeenLastCalledWith('org-a', chainBreakEventId('org-a', report()));
  });
});
