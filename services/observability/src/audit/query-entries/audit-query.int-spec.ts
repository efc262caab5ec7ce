import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { EVENTS } from '@ironcage/contracts';
import { envelope, sampleData } from '../../testing/audit-fixtures';
import { auditTestBed, type AuditTestBed } from '../../testing/audit-test-bed';
import { insertBulkEntries } from '../../testing/bulk-entries';
import type { AuditEntryView } from './query-entries.usecase';

describe('querying and exporting the audit trail on Postgres', () => {
  let bed: AuditTestBed;
  const orgA = `org-a-${randomUUID().slice(0, 6)}`;
  const orgB = `org-b-${randomUUID().slice(0, 6)}`;
  const at = (iso: string) => ({ time: iso });

  beforeAll(async () => {
    bed = await auditTestBed();
    const rec = (subject: string, data: Record<string, unknown>, over: Record<string, unknown>) => bed.record.execute(envelope(subject, data, over));
    const request = sampleData(EVENTS.requestReceived);
    // org A: a morning of activity
    await rec(EVENTS.requestReceived, { ...request, principal: { keyId: 'key-1', userId: 'alice', teamId: 'red' } }, { orgId: orgA, ...at('2026-03-01T08:00:00Z') });
    await rec(EVENTS.requestReceived, { ...request, status: 403, principal: { keyId: 'key-2', userId: 'bob', teamId: 'blue' } }, { orgId: orgA, ...at('2026-03-01T09:00:00Z') });
    await rec(EVENTS.costIncurred, { ...sampleData(EVENTS.costIncurred), principal: { keyId: 'key-1', agentId: 'planner', teamId: 'red' } }, { orgId: orgA, ...at('2026-03-01T09:30:00Z') });
    await rec(EVENTS.policyViolated, { ...sampleData(EVENTS.policyViolated), principal: { keyId: 'key-2', userId: 'bob' } }, { orgId: orgA, ...at('2026-03-01T10:00:00Z') });
    await rec(EVENTS.credentialAccessed, { ...sampleData(EVENTS.credentialAccessed), credentialId: 'cred-prod', action: 'reveal', actorId: 'alice', reason: 'incident "42", see runbook' }, { orgId: orgA, ...at('2026-03-01T11:00:00Z') });
    await rec(EVENTS.credentialRotated, sampleData(EVENTS.credentialRotated), { orgId: orgA, source: 'credentials', ...at('2026-03-01T12:00:00Z') });
    // org B: the same names, which must never show up for A
    await rec(EVENTS.requestReceived, { ...request, principal: { keyId: 'key-1', userId: 'alice', teamId: 'red' } }, { orgId: orgB, ...at('2026-03-01T08:30:00Z') });
    await rec(EVENTS.credentialAccessed, { ...sampleData(EVENTS.credentialAccessed), credentialId: 'cred-prod', action: 'reveal', actorId: 'alice' }, { orgId: orgB, ...at('2026-03-01T11:30:00Z') });
  });

  afterAll(async () => {
    await bed?.close();
  });

  const list = async (q: Record<string, unknown>): Promise<AuditEntryView[]> => (await bed.query.execute({ orgId: orgA, ...q })).entries;
  const actions = async (q: Record<string, unknown>) => (await list(q)).map((e) => e.action);

  describe('filters', () => {
    it('narrows by time range, from inclusive and to exclusive', async () => {
      expect(await actions({ from: '2026-03-01T09:00:00Z', to: '2026-03-01T11:00:00Z' })).toEqual([EVENTS.requestReceived, EVENTS.costIncurred, EVENTS.policyViolated]);
      expect(await actions({ from: '2026-03-01T11:00:00+00:00' })).toEqual([EVENTS.credentialAccessed, EVENTS.credentialRotated]);
    });

    it('narrows by actor: key, user, team, agent, or any actor id', async () => {
      expect(await actions({ actorKeyId: 'key-1' })).toEqual([EVENTS.requestReceived, EVENTS.costIncurred]);
      expect(await actions({ actorUserId: 'bob' })).toEqual([EVENTS.requestReceived, EVENTS.policyViolated]);
      expect(await actions({ actorTeamId: 'red' })).toEqual([EVENTS.requestReceived, EVENTS.costIncurred]);
      expect(await actions({ actorAgentId: 'planner' })).toEqual([EVENTS.costIncurred]);
      expect(await actions({ actorId: 'alice' })).toEqual([EVENTS.requestReceived, EVENTS.credentialAccessed]);
      expect(await actions({ actorKeyId: 'key-2', actorUserId: 'alice' })).toEqual([]);
    });

    it('narrows by action, exactly or by prefix', async () => {
      expect(await actions({ action: EVENTS.costIncurred })).toEqual([EVENTS.costIncurred]);
      expect(await actions({ action: 'credential.*' })).toEqual([EVENTS.credentialAccessed, EVENTS.credentialRotated]);
    });

    it('narrows by resource, exactly or by prefix, and by outcome and trace', async () => {
      expect(await actions({ resource: 'credential:cred-prod' })).toEqual([EVENTS.credentialAccessed]);
      expect(await actions({ resource: 'credential:*' })).toEqual([EVENTS.credentialAccessed, EVENTS.credentialRotated]);
      expect(await actions({ outcome: 'denied' })).toEqual([EVENTS.requestReceived]);
      expect(await actions({ outcome: 'blocked' })).toEqual([EVENTS.policyViolated]);
      const [first] = await list({});
      expect((await list({ traceId: first.traceId! })).map((e) => e.id)).toEqual([first.id]);
    });

    it('finds entries by free text in their summary, actor and data, all words required', async () => {
      expect(await actions({ q: 'runbook' })).toEqual([EVENTS.credentialAccessed]);
      expect(await actions({ q: 'injection high' })).toEqual([EVENTS.policyViolated]);
      expect(await actions({ q: 'injection runbook' })).toEqual([]);
      expect(await actions({ q: 'planner' })).toEqual([EVENTS.costIncurred]);
      expect(await actions({ q: 'reveal or injection' })).toEqual([EVENTS.policyViolated, EVENTS.credentialAccessed]);
    });

    it("never shows one org's entries to another, whatever the filter", async () => {
      for (const q of [{}, { actorUserId: 'alice' }, { q: 'reveal' }, { resource: 'credential:*' }, { action: 'request.*' }]) {
        expect((await list(q)).every((e) => e.orgId === orgA)).toBe(true);
      }
      expect((await list({})).length).toBe(6);
      expect((await bed.query.execute({ orgId: orgB })).entries.map((e) => e.orgId)).toEqual([orgB, orgB]);
    });
  });

  describe('pagination', () => {
    it('pages forward and backward through the chain with opaque cursors', async () => {
      const all = await list({});
      const forward: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await bed.query.execute({ orgId: orgA, limit: 4, cursor });
        forward.push(...page.entries.map((e) => e.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(forward).toEqual(all.map((e) => e.id));

      const p1 = await bed.query.execute({ orgId: orgA, order: 'desc', limit: 5 });
      const p2 = await bed.query.execute({ orgId: orgA, order: 'desc', limit: 5, cursor: p1.nextCursor! });
      expect([...p1.entries, ...p2.entries].map((e) => e.seq)).toEqual([6, 5, 4, 3, 2, 1]);
      expect(p2.nextCursor).toBeNull();
      await expect(bed.query.execute({ orgId: orgA, order: 'asc', cursor: p1.nextCursor! })).rejects.toMatchObject({
        code: 'audit_invalid_cursor',
        details: [{ path: 'query.cursor', message: expect.stringMatching(/order=desc/) }],
      });
    });
  });

  describe('export', () => {
    const drain = async (body: NodeJS.ReadableStream): Promise<string> => {
      let text = '';
      await pipeline(
        body,
        new Writable({
          write(chunk: Buffer, _enc, done) {
            text += chunk.toString();
            done();
          },
        }),
      );
      return text;
    };

    it('writes JSONL: one entry per line, in chain order, with its chain link', async () => {
      const out = await bed.exporter.execute({ orgId: orgA, from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z' });
      expect(out.contentType).toMatch(/^application\/x-ndjson/);
      expect(out.filename).toMatch(/^audit-org-a-.*\.jsonl$/);
      const lines = (await drain(out.body)).trimEnd().split('\n').map((l) => JSON.parse(l) as AuditEntryView & { prevHash: string });
      expect(lines.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(lines[1].prevHash).toBe(lines[0].hash);
      expect(lines.every((l) => l.orgId === orgA)).toBe(true);
    });

    it('writes CSV with a header, quoting what needs it and defusing spreadsheet formulas', async () => {
      await bed.record.execute(
        envelope(EVENTS.adminChanged, { actorId: '=HYPERLINK("http://evil")', action: 'team.renamed', resourceType: 'team', resourceId: 'a,b\nc' }, { orgId: orgA, ...at('2026-03-01T13:00:00Z') }),
      );
      const out = await bed.exporter.execute({ orgId: orgA, from: '2026-03-01T10:30:00Z', to: '2026-03-01T14:00:00Z', format: 'csv' });
      expect(out.contentType).toMatch(/^text\/csv/);
      const { parse } = await import('csv-parse/sync');
      const rows = parse(await drain(out.body), { columns: true }) as Record<string, string>[];
      expect(rows.map((r) => r.action)).toEqual([EVENTS.credentialAccessed, EVENTS.credentialRotated, EVENTS.adminChanged]);
      expect(rows[0].summary).toBe('reveal of credential cred-prod for openai-prod: incident "42", see runbook');
      expect(rows[2].resource).toBe('team:a,b\nc');
      expect(rows[2].actorId).toBe(`'=HYPERLINK("http://evil")`);
      expect(JSON.parse(rows[2].data)).toMatchObject({ resourceId: 'a,b\nc' });
    });

    it('streams a large export in bounded memory', async () => {
      const orgId = `org-big-${randomUUID().slice(0, 6)}`;
      const count = 50_000;
      await insertBulkEntries(bed.db, { orgId, count, padBytes: 2000 });
      // live memory, not garbage waiting for a collection: collect before every sample
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      gc();
      const before = process.memoryUsage().heapUsed;
      let peak = before;
      const sampler = setInterval(() => {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }, 50);
      const out = await bed.exporter.execute({ orgId, from: '2025-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' });
      let bytes = 0;
      let lines = 0;
      await pipeline(
        out.body,
        new Writable({
          write(chunk: Buffer, _enc, done) {
            bytes += chunk.length;
            for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
            done();
          },
        }),
      );
      clearInterval(sampler);
      expect(lines).toBe(count);
      expect(bytes).toBeGreaterThan(100 * 1024 * 1024);
      // holding the export would take more than its size; streaming holds a few batches
      expect(peak - before).toBeLessThan(32 * 1024 * 1024);
    }, 120_000);

    it('gives its database connection back when the reader goes away early', async () => {
      const orgId = `org-quit-${randomUUID().slice(0, 6)}`;
      await insertBulkEntries(bed.db, { orgId, count: 20_000 });
      const idleBefore = (bed.db.driver as unknown as { master: { idleCount: number; totalCount: number } }).master;
      const out = await bed.exporter.execute({ orgId, from: '2025-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' });
      await new Promise<void>((resolve) => out.body.once('data', () => resolve()));
      out.body.destroy();
      await new Promise((r) => setTimeout(r, 200));
      const pool = (bed.db.driver as unknown as { master: { idleCount: number; totalCount: number } }).master;
      expect(pool.totalCount - pool.idleCount).toBe(0);
      expect(idleBefore).toBeDefined();
    });
  });
});
