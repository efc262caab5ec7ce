import { randomUUID } from 'node:crypto';
import { EVENTS } from '@ironcage/contracts';
import { sql, testInfra, uniqueSchema, dropSchema } from '@ironcage/testing';
import { openDataSource } from '@ironcage/kit';
import { envelope, FixedClock, sampleData } from '../../testing/audit-fixtures';
import { auditTestBed, type AuditTestBed } from '../../testing/audit-test-bed';
import { observabilityPersistence } from '../../persistence';
import { AUDITED_SUBJECTS } from '../describe/describe-event';
import { VERIFY_BATCH, VerifyChainUseCase } from '../verify-chain/verify-chain.usecase';
import { AuditSigner } from './audit-signer';
import { ChainRepository } from './chain.repository';
import { CheckpointSweeper } from './checkpoint-sweeper';
import { linkEntries } from './audit-chain';
import { CreateAuditEntries1764100000000 } from '../../migrations/1764100000000-create-audit-entries';

describe('the audit hash chain on Postgres', () => {
  let bed: AuditTestBed;
  const t = (table: string) => `"${bed.schema}".${table}`;

  beforeAll(async () => {
    bed = await auditTestBed({ AUDIT_CHECKPOINT_EVERY: 5 });
  });

  afterAll(async () => {
    await bed?.close();
  });

  /** Records `n` request.received events for a fresh org and returns the org id. */
  async function orgWith(n: number): Promise<string> {
    const orgId = `org-${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < n; i++) {
      await bed.record.execute(envelope(EVENTS.requestReceived, { ...sampleData(EVENTS.requestReceived), requestId: `req-${i}` }, { orgId }));
    }
    return orgId;
  }

  const entryAt = async (orgId: string, seq: number) =>
    (await sql<{ id: string; hash: string; prev_hash: string }>(`SELECT id, hash, prev_hash FROM ${t('audit_entries')} WHERE org_id = $1 AND chain_seq = $2`, [orgId, seq]))[0];

  it('records one entry per event of every type, announces each, and the chain verifies with signed checkpoints', async () => {
    const orgId = `org-${randomUUID().slice(0, 8)}`;
    // every subject this test knows a payload for (an event added to the contracts since is recorded too, see describe-event)
    const subjects = AUDITED_SUBJECTS.filter((s) => Object.keys(sampleData(s)).length > 0);
    const events = subjects.map((s) => envelope(s, sampleData(s), { orgId }));
    const results = await Promise.all(events.map((e) => bed.record.execute(e)));
    expect(results.every((r) => r.recorded)).toBe(true);
    expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(events.map((_, i) => i + 1));

    const rows = await sql<{ action: string; actor: unknown; resource: string; outcome: string }>(
      `SELECT action, actor, resource, outcome FROM ${t('audit_entries')} WHERE org_id = $1 ORDER BY chain_seq`,
      [orgId],
    );
    expect(rows.map((r) => r.action).sort()).toEqual([...subjects].sort());
    expect(rows.every((r) => r.actor && r.resource && r.outcome)).toBe(true);

    const announced = bed.published.filter((p) => p.options.orgId === orgId);
    expect(announced).toHaveLength(events.length);
    expect(announced.every((p) => p.subject === EVENTS.auditRecorded)).toBe(true);

    const report = await bed.verify.execute({ orgId });
    expect(report).toMatchObject({ ok: true, problem: null, entries: { verified: events.length, firstSeq: 1, lastSeq: events.length }, head: { seq: events.length } });
    expect(report.checkpoints.checked).toBeGreaterThanOrEqual(1); // one per append at most: these all shared one
    expect(report.checkpoints.valid).toBe(report.checkpoints.checked);
  });

  it('records a redelivered event once', async () => {
    const orgId = await orgWith(2);
    const e = envelope(EVENTS.costIncurred, sampleData(EVENTS.costIncurred), { orgId });
    const first = await bed.record.execute(e);
    const again = await Promise.all([bed.record.execute(e), bed.newRecorder().execute(e)]);
    expect(again.map((r) => r.recorded)).toEqual([false, false]);
    expect(again.map((r) => r.entryId)).toEqual([first.entryId, first.entryId]);
    expect((await bed.verify.execute({ orgId })).entries.verified).toBe(3);
  });

  it('keeps one unbroken chain per org while replicas append to the same orgs at once', async () => {
    const orgs = [`org-${randomUUID().slice(0, 8)}`, `org-${randomUUID().slice(0, 8)}`];
    const replicas = [bed.newRecorder(), bed.newRecorder(), bed.newRecorder()];
    await Promise.all(
      Array.from({ length: 300 }, (_, i) => replicas[i % 3].execute(envelope(EVENTS.requestReceived, sampleData(EVENTS.requestReceived), { orgId: orgs[i % 2] }))),
    );
    for (const orgId of orgs) {
      const report = await bed.verify.execute({ orgId });
      expect(report).toMatchObject({ ok: true, entries: { verified: 150 }, head: { seq: 150 } });
    }
  });

  it('detects an entry edited directly in Postgres, naming it', async () => {
    const orgId = await orgWith(8);
    const victim = await entryAt(orgId, 4);
    await sql(`UPDATE ${t('audit_entries')} SET data = jsonb_set(data, '{status}', '500') WHERE id = $1`, [victim.id]);
    const report = await bed.verify.execute({ orgId });
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ kind: 'altered', seq: 4, entryId: victim.id });
    expect(report.entries.verified).toBe(3);
  });

  it('detects an edit of a chained field such as the time an event occurred', async () => {
    const orgId = await orgWith(4);
    await sql(`UPDATE ${t('audit_entries')} SET occurred_at = occurred_at - interval '1 day' WHERE org_id = $1 AND chain_seq = 2`, [orgId]);
    expect((await bed.verify.execute({ orgId })).problem).toMatchObject({ kind: 'altered', seq: 2 });
  });

  it('detects a row deleted directly in Postgres as the first missing entry', async () => {
    const orgId = await orgWith(8);
    await sql(`DELETE FROM ${t('audit_entries')} WHERE org_id = $1 AND chain_seq = 6`, [orgId]);
    const report = await bed.verify.execute({ orgId });
    expect(report.problem).toMatchObject({ kind: 'deleted', seq: 6, entryId: null });
  });

  it('detects the newest rows deleted, through the chain head', async () => {
    const orgId = await orgWith(7);
    await sql(`DELETE FROM ${t('audit_entries')} WHERE org_id = $1 AND chain_seq >= 6`, [orgId]);
    expect((await bed.verify.execute({ orgId })).problem).toMatchObject({ kind: 'deleted', seq: 6 });
  });

  it('detects a forged row inserted into the middle of the chain, even with a well-formed hash', async () => {
    const orgId = await orgWith(6);
    const before = await entryAt(orgId, 2);
    // the forger knows the format: a correctly hashed entry linked to entry 2, later entries moved up one
    const [forged] = linkEntries({ seq: 2, hash: before.hash }, [
      {
        id: randomUUID(),
        orgId,
        eventId: 'forged',
        action: EVENTS.adminChanged,
        source: 'gateway',
        occurredAt: new Date('2026-01-01T00:00:00Z'),
        recordedAt: new Date('2026-01-01T00:00:00Z'),
        traceId: null,
        outcome: 'success',
        actor: { type: 'user', id: 'mallory' },
        resource: 'key:key-1',
        summary: 'key.created',
        data: {},
        salt: Buffer.alloc(16, 1),
      },
    ]);
    await sql(`UPDATE ${t('audit_entries')} SET chain_seq = chain_seq + 1000000 WHERE org_id = $1 AND chain_seq >= 3`, [orgId]);
    await sql(`UPDATE ${t('audit_entries')} SET chain_seq = chain_seq - 999999 WHERE org_id = $1 AND chain_seq > 1000000`, [orgId]);
    await sql(
      `INSERT INTO ${t('audit_entries')} (id, org_id, chain_seq, event_id, action, source, occurred_at, recorded_at, actor, resource, outcome, summary, data, prev_hash, hash, personal_salt, personal_digest)
       VALUES ($1, $2, 3, 'forged', $3, 'gateway', $4, $4, $5, 'key:key-1', 'success', 'key.created', '{}', $6, $7, $8, $9)`,
      [forged.id, orgId, EVENTS.adminChanged, forged.occurredAt, JSON.stringify(forged.actor), forged.prevHash, forged.hash, forged.salt, forged.personalDigest],
    );
    await sql(`UPDATE ${t('audit_chain_heads')} SET seq = seq + 1 WHERE org_id = $1`, [orgId]);
    const report = await bed.verify.execute({ orgId });
    expect(report.problem).toMatchObject({ kind: 'inserted', seq: 3, entryId: forged.id });
  });

  it('detects a row appended past the chain head', async () => {
    const orgId = await orgWith(3);
    const last = await entryAt(orgId, 3);
    await sql(
      `INSERT INTO ${t('audit_entries')} (id, org_id, chain_seq, event_id, action, source, occurred_at, recorded_at, data, prev_hash, hash, personal_salt, personal_digest)
       VALUES ($1, $2, 4, 'forged-tail', 'admin.changed', 'gateway', now(), now(), '{}', $3, $4, '\\x00', $4)`,
      [randomUUID(), orgId, last.hash, 'ab'.repeat(32)],
    );
    expect((await bed.verify.execute({ orgId })).problem).toMatchObject({ kind: 'inserted', seq: 4 });
  });

  it('catches entries rewritten with recomputed hashes through the signed checkpoint that covered them', async () => {
    const orgId = await orgWith(5); // a checkpoint at 5 (AUDIT_CHECKPOINT_EVERY)
    const rows = (await bed.chain.snapshot((s) => s.entries(orgId, 0, 10))).map((e) => ({ ...e, salt: e.personalSalt! }));
    const rewritten = linkEntries({ seq: 2, hash: rows[1].hash }, [{ ...rows[2], data: { ...rows[2].data, status: 403 } }, rows[3], rows[4]]);
    for (const e of rewritten) {
      await sql(`UPDATE ${t('audit_entries')} SET data = $2, prev_hash = $3, hash = $4, personal_digest = $5 WHERE id = $1`, [e.id, JSON.stringify(e.data), e.prevHash, e.hash, e.personalDigest]);
    }
    await sql(`UPDATE ${t('audit_chain_heads')} SET hash = $2 WHERE org_id = $1`, [orgId, rewritten[2].hash]);
    expect((await bed.verify.execute({ orgId })).problem).toMatchObject({ kind: 'altered', seq: 5, message: expect.stringMatching(/checkpoint/) });
  });

  it('reports a checkpoint whose signature does not hold', async () => {
    const orgId = await orgWith(5);
    await sql(`UPDATE ${t('audit_checkpoints')} SET hash = $2 WHERE org_id = $1`, [orgId, 'cd'.repeat(32)]);
    const report = await bed.verify.execute({ orgId });
    expect(report.ok).toBe(false);
    expect(report.checkpoints.firstInvalid).toMatchObject({ seq: 5, signature: 'invalid' });
  });

  it("keeps tampering in one org out of another org's report", async () => {
    const [a, b] = [await orgWith(3), await orgWith(3)];
    await sql(`UPDATE ${t('audit_entries')} SET outcome = 'failure' WHERE org_id = $1`, [b]);
    expect((await bed.verify.execute({ orgId: a })).ok).toBe(true);
    expect((await bed.verify.execute({ orgId: b })).ok).toBe(false);
  });

  it('verifies a chain longer than one read batch, in batches', async () => {
    const orgId = `org-${randomUUID().slice(0, 8)}`;
    const n = VERIFY_BATCH * 2 + 17;
    for (let i = 0; i < n; i += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, n - i) }, () => bed.record.execute(envelope(EVENTS.requestReceived, sampleData(EVENTS.requestReceived), { orgId }))),
      );
    }
    const report = await bed.verify.execute({ orgId });
    expect(report).toMatchObject({ ok: true, entries: { verified: n, lastSeq: n } });
    expect(report.checkpoints.checked).toBeGreaterThan(0);
  });

  it('writes the time-based checkpoint an idle org is due', async () => {
    const orgId = await orgWith(2);
    bed.clock.advance(301_000);
    const sweeper = new CheckpointSweeper(bed.chain, bed.signer, bed.clock, bed.metrics, { AUDIT_CHECKPOINT_EVERY: 5, AUDIT_CHECKPOINT_INTERVAL_SECONDS: 300 } as never);
    expect(await sweeper.sweep()).toBeGreaterThanOrEqual(1);
    expect(await sweeper.sweep()).toBe(0);
    const checkpoints = await sql(`SELECT seq, kind FROM ${t('audit_checkpoints')} WHERE org_id = $1`, [orgId]);
    expect(checkpoints).toEqual([{ seq: '2', kind: 'periodic' }]);
  });
});

describe('the hash-chain migration', () => {
  it('chains the entries recorded before it, in their recording order, so they verify', async () => {
    const schema = uniqueSchema('observability');
    const db = await openDataSource({ DATABASE_URL: testInfra.databaseUrl, DB_SCHEMA: schema, DB_POOL_MAX: 2 }, { ...observabilityPersistence, migrations: [CreateAuditEntries1764100000000] });
    try {
      await db.runMigrations();
      for (const [i, orgId] of ['legacy-a', 'legacy-b', 'legacy-a'].entries()) {
        await db.query(
          `INSERT INTO audit_entries (id, org_id, event_id, action, source, occurred_at, trace_id, actor, resource, outcome, data)
           VALUES ($1, $2, $3, 'request.received', 'gateway', now() - interval '1 hour', NULL, $4, 'gpt-4o', 'success', $5)`,
          [randomUUID(), orgId, `evt-${i}`, JSON.stringify({ keyId: 'k1' }), JSON.stringify({ i })],
        );
      }
    } finally {
      await db.destroy();
    }
    const migrated = await openDataSource({ DATABASE_URL: testInfra.databaseUrl, DB_SCHEMA: schema, DB_POOL_MAX: 2 }, observabilityPersistence);
    try {
      expect((await migrated.runMigrations()).map((m) => m.name)).toContain('AuditHashChain1764200000000');
      const verify = new VerifyChainUseCase(new ChainRepository(migrated), new AuditSigner({ NODE_ENV: 'test' }), new FixedClock());
      expect(await verify.execute({ orgId: 'legacy-a' })).toMatchObject({ ok: true, entries: { verified: 2 }, head: { seq: 2 } });
      expect(await verify.execute({ orgId: 'legacy-b' })).toMatchObject({ ok: true, entries: { verified: 1 } });
    } finally {
      await migrated.destroy();
      await dropSchema(schema);
    }
  });
});
