import { randomUUID } from 'node:crypto';
import { EVENTS } from '@ironcage/contracts';
import { sql } from '@ironcage/testing';
import { Clock } from '../../common/clock';
import { envelope, sampleData } from '../../testing/audit-fixtures';
import { auditTestBed, type AuditTestBed } from '../../testing/audit-test-bed';
import { EraseSubjectUseCase } from './erase-subject.usecase';

describe('erasing a person from the audit trail (GDPR)', () => {
  let bed: AuditTestBed;
  let erase: EraseSubjectUseCase;
  const orgId = `org-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    bed = await auditTestBed();
    const publisher = { publish: async (contract: { subject: string }, data: Record<string, unknown>, options: { orgId: string }) => bed.published.push({ subject: contract.subject, data, options }) };
    erase = new EraseSubjectUseCase(bed.audit, bed.signer, publisher as never, bed.clock as Clock);
    const request = sampleData(EVENTS.requestReceived);
    const rec = (subject: string, data: Record<string, unknown>) => bed.record.execute(envelope(subject, data, { orgId }));
    await rec(EVENTS.requestReceived, { ...request, principal: { keyId: 'key-1', userId: 'alice@example.com', teamId: 'red' } });
    await rec(EVENTS.requestReceived, { ...request, principal: { keyId: 'key-2', userId: 'bob@example.com', teamId: 'red' } });
    await rec(EVENTS.adminChanged, { actorId: 'bob@example.com', action: 'membership.created', resourceType: 'user', resourceId: 'alice@example.com', changes: { note: 'added alice@example.com to red' } });
    await rec(EVENTS.credentialAccessed, { credentialId: 'c1', action: 'reveal', actorId: 'alice@example.com', reason: 'malice@example.com asked' });
    await rec(EVENTS.privacyErasureRequested, { erasureId: 'er-1', subjectId: 'alice@example.com', requestedBy: 'dpo' });
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('replaces the person by one pseudonym everywhere, leaves everyone else, and the chain still verifies', async () => {
    const { pseudonym, entries } = await erase.execute({ orgId, erasureId: 'er-1', subjectId: 'alice@example.com', requestedBy: 'dpo' });
    expect(pseudonym).toMatch(/^anon-[0-9a-f]{24}$/);
    expect(entries).toBe(4);

    const text = await sql<{ t: string }>(`SELECT string_agg(actor::text || ' ' || coalesce(resource, '') || ' ' || coalesce(summary, '') || ' ' || data::text, ' | ') AS t FROM "${bed.schema}".audit_entries WHERE org_id = $1`, [orgId]);
    expect(text[0].t).not.toMatch(/(?<![\w.@+-])alice@example\.com/);
    expect(text[0].t).toContain('malice@example.com'); // someone else, who only looks alike
    expect(text[0].t).toContain('bob@example.com');

    const byPseudonym = (await bed.query.execute({ orgId, actorUserId: pseudonym })).entries;
    expect(byPseudonym.map((e) => e.action)).toEqual([EVENTS.requestReceived, EVENTS.credentialAccessed]);
    expect(byPseudonym[0]).toMatchObject({ erased: true, actor: { type: 'user', id: pseudonym, keyId: 'key-1' } });
    expect((await bed.query.execute({ orgId, actorId: pseudonym })).entries.map((e) => e.action)).toEqual([EVENTS.requestReceived, EVENTS.credentialAccessed]);

    const report = await bed.verify.execute({ orgId });
    expect(report).toMatchObject({ ok: true, problem: null, entries: { verified: 5 } });
    expect(bed.published.find((p) => p.subject === EVENTS.privacyErasureCompleted)?.data).toEqual({ erasureId: 'er-1', service: 'observability', action: 'pseudonymised', records: 4, pseudonym });
  });

  it('is idempotent: a repeated request finds nothing left and keeps the same pseudonym', async () => {
    const again = await erase.execute({ orgId, erasureId: 'er-1', subjectId: 'alice@example.com', requestedBy: 'dpo' });
    expect(again.entries).toBe(0);
    expect(again.pseudonym).toBe(bed.signer.pseudonym(orgId, 'alice@example.com'));
    expect((await bed.verify.execute({ orgId })).ok).toBe(true);
  });

  it('still reports an entry whose salt someone removed without an erasure', async () => {
    const [bob] = (await bed.query.execute({ orgId, actorUserId: 'bob@example.com' })).entries;
    await sql(`UPDATE "${bed.schema}".audit_entries SET personal_salt = NULL, actor = '{"type":"user","id":"nobody"}' WHERE id = $1`, [bob.id]);
    expect((await bed.verify.execute({ orgId })).problem).toMatchObject({ kind: 'altered', entryId: bob.id, message: expect.stringMatching(/without a recorded erasure/) });
  });
});
