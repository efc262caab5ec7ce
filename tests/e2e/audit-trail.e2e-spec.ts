import { randomUUID } from 'node:crypto';
import { type BusConnection, EventPublisher } from '@ironcage/bus';
import { ENVELOPE_SPEC_VERSION, EVENT_CONTRACTS, EVENTS, HEADERS, STREAMS, type Envelope } from '@ironcage/contracts';
import { pdfText, sql, waitFor, type ServiceProcess } from '@ironcage/testing';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { isolatedStack } from './stack';

/** A payload per event type, as each publisher would send it. */
const SAMPLE_DATA: Record<string, Record<string, unknown>> = {
  [EVENTS.requestReceived]: { requestId: 'r1', principal: { keyId: 'key-1', userId: 'alice', teamId: 'red' }, endpoint: '/v1/chat/completions', method: 'POST', status: 200, latencyMs: 5, model: 'gpt-4o' },
  [EVENTS.costIncurred]: {
    requestId: 'r1',
    principal: { keyId: 'key-1' },
    model: 'gpt-4o',
    provider: 'openai',
    usage: { inputTokens: 10, outputTokens: 20 },
    costMicros: 900,
    currency: 'USD',
    estimated: false,
    priced: true,
  },
  [EVENTS.policyViolated]: { requestId: 'r2', principal: { keyId: 'key-2' }, direction: 'input', scanner: 'pii', ruleId: 'input.pii', action: 'redact', severity: 'medium' },
  [EVENTS.policyChanged]: { scope: 'org', version: 2, previousVersion: 1, sha256: 'ab'.repeat(32) },
  [EVENTS.approvalRequested]: { approvalId: 'ap1', kind: 'tool', tool: 'shell.exec', risk: 'high', reason: 'writes files', expiresAt: '2026-01-01T00:10:00Z' },
  [EVENTS.approvalDecided]: { approvalId: 'ap1', kind: 'tool', decision: 'approved', decidedBy: 'alice', decidedAt: '2026-01-01T00:05:00Z' },
  [EVENTS.docChanged]: { connectorId: 'conn-1', documentId: 'doc-1', change: 'created' },
  [EVENTS.budgetThreshold]: { budgetId: 'b1', scope: { kind: 'team', id: 'red' }, thresholdPercent: 80, spentMicros: 8, limitMicros: 10, periodStart: '2026-01-01T00:00:00Z' },
  [EVENTS.budgetUnpriced]: { provider: 'acme', model: 'm1', policy: 'record_unpriced', requestId: 'r3', day: '2026-01-01' },
  [EVENTS.credentialRotated]: { credentialId: 'c1', provider: 'openai', currentVersion: 2 },
  [EVENTS.credentialRotationDue]: { credentialId: 'c2', name: 'prod', provider: 'anthropic', dueAt: '2026-02-01T00:00:00Z', intervalDays: 90 },
  [EVENTS.credentialRevoked]: { credentialId: 'c1', provider: 'openai', versions: [1], reason: 'rotated', providerRevoked: true },
  [EVENTS.credentialAccessed]: { credentialId: 'c1', action: 'lease', actorId: 'gateway' },
  [EVENTS.sandboxViolation]: { sandboxId: 's1', kind: 'timeout', detail: 'ran 31 s' },
  [EVENTS.agentLifecycle]: { agentId: 'a1', version: '1', state: 'running' },
  [EVENTS.adminChanged]: { actorId: 'alice', action: 'team.created', resourceType: 'team', resourceId: 'red' },
  [EVENTS.privacyErasureCompleted]: { erasureId: 'er-0', service: 'gateway', action: 'deleted', records: 2 },
};

interface Entry {
  id: string;
  seq: number;
  eventId: string;
  action: string;
  actor: { type: string; id: string } | null;
  resource: string | null;
  outcome: string | null;
  orgId: string;
}
interface Page {
  entries: Entry[];
  nextCursor: string | null;
}

describe('the audit trail: every event → one hash-chained entry → verifiable, queryable, exportable', () => {
  const stack = isolatedStack('audit');
  const env = stack.envFor('observability');
  const org = `org-${randomUUID().slice(0, 8)}`;
  const other = `org-${randomUUID().slice(0, 8)}`;
  let observability: ServiceProcess;
  let bus: BusConnection;
  let publisher: EventPublisher;
  const auth = { authorization: `Bearer ${stack.adminKey}` };
  const get = async <T>(path: string) => {
    const r = await fetch(`${observability.url}${path}`, { headers: auth });
    return { status: r.status, headers: r.headers, body: (await r.json()) as T };
  };
  const entries = async (query: string) => (await get<Page>(`/v1/audit/entries?limit=1000&${query}`)).body.entries;
  // every subject of the contracts this test has a payload for (all of them when it was written)
  const subjects = Object.keys(EVENT_CONTRACTS).filter((s) => s !== EVENTS.auditRecorded && SAMPLE_DATA[s]);

  beforeAll(async () => {
    observability = await stack.start('observability', env);
    bus = await stack.bus('gateway');
    publisher = new EventPublisher(bus);
  });

  afterAll(async () => {
    await bus?.close();
    await stack.teardown();
  });

  it('records each event of every type exactly once and announces it as audit.recorded', async () => {
    const published = await Promise.all(subjects.map((s) => publisher.publish(EVENT_CONTRACTS[s], SAMPLE_DATA[s] as never, { orgId: org })));
    await publisher.publish(EVENT_CONTRACTS[EVENTS.requestReceived], SAMPLE_DATA[EVENTS.requestReceived] as never, { orgId: other });
    const recorded = await waitFor(async () => {
      const e = await entries(`orgId=${org}`);
      return e.length >= subjects.length && e;
    }, 'an entry for every event');
    expect(recorded.map((e) => e.eventId).sort()).toEqual(published.map((p) => p.id).sort());
    expect(recorded.map((e) => e.seq)).toEqual(subjects.map((_, i) => i + 1));
    for (const e of recorded) {
      expect(e.actor).toEqual(expect.objectContaining({ type: expect.any(String), id: expect.any(String) }));
      expect(e.resource).toEqual(expect.any(String));
      expect(e.outcome).toEqual(expect.any(String));
    }

    // audit.recorded: one per entry, with its chain position
    const stream = bus.naming.stream(STREAMS.audit.name);
    await waitFor(async () => (await bus.jsm.streams.info(stream)).state.messages >= subjects.length + 1, 'the announcements');
    const announced: Envelope<{ entryId: string; sequence: number; sourceEventId: string }>[] = [];
    for (let seq = 1; seq <= (await bus.jsm.streams.info(stream)).state.last_seq; seq++) {
      const m = await bus.jsm.streams.getMessage(stream, { seq });
      announced.push(m!.json());
    }
    const ours = announced.filter((a) => a.orgId === org);
    expect(ours.map((a) => a.data.entryId).sort()).toEqual(recorded.map((e) => e.id).sort());
    expect(ours.every((a) => a.type === EVENTS.auditRecorded && a.source === 'observability')).toBe(true);
  });

  it('records an event delivered twice once', async () => {
    const envelope: Envelope = {
      id: randomUUID(),
      type: EVENTS.docChanged,
      specversion: ENVELOPE_SPEC_VERSION,
      dataversion: 1,
      source: 'data-sync',
      time: new Date().toISOString(),
      orgId: org,
      data: SAMPLE_DATA[EVENTS.docChanged],
    };
    for (let copy = 0; copy < 2; copy++) {
      const h = natsHeaders();
      h.set(HEADERS.msgId, `${envelope.id}-copy-${copy}`); // past JetStream's de-duplication, as a redelivery would be
      await bus.js.publish(bus.naming.subject(EVENTS.docChanged), JSON.stringify(envelope), { headers: h });
    }
    const marker = await publisher.publish(EVENT_CONTRACTS[EVENTS.sandboxViolation], SAMPLE_DATA[EVENTS.sandboxViolation] as never, { orgId: org });
    await waitFor(async () => (await entries(`orgId=${org}`)).some((e) => e.eventId === marker.id), 'a later event');
    expect((await entries(`orgId=${org}`)).filter((e) => e.eventId === envelope.id)).toHaveLength(1);
  });

  it('verifies the chain, and finds the entry an operator edits in Postgres', async () => {
    const ok = await get<{ ok: boolean; entries: { verified: number }; head: { seq: number } }>(`/v1/audit/verify?orgId=${org}`);
    expect(ok.status).toBe(200);
    expect(ok.body.ok).toBe(true);
    expect(ok.body.entries.verified).toBe(ok.body.head.seq);

    const [victim] = await entries(`orgId=${org}&action=${EVENTS.costIncurred}`);
    await sql(`UPDATE "${env.DB_SCHEMA}".audit_entries SET data = jsonb_set(data, '{costMicros}', '1') WHERE id = $1`, [victim.id]);
    const broken = await get<{ ok: boolean; problem: { kind: string; seq: number; entryId: string } }>(`/v1/audit/verify?orgId=${org}`);
    expect(broken.body).toMatchObject({ ok: false, problem: { kind: 'altered', seq: victim.seq, entryId: victim.id } });
    expect((await get<{ ok: boolean }>(`/v1/audit/verify?orgId=${other}`)).body.ok).toBe(true);
  });

  it('exports a time range as CSV and JSONL, streamed', async () => {
    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 3600_000).toISOString();
    const csv = await fetch(`${observability.url}/v1/audit/export?orgId=${org}&from=${from}&to=${to}&format=csv`, { headers: auth });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-org-.*\.csv"$/);
    expect(csv.headers.get('transfer-encoding')).toBe('chunked');
    const lines = (await csv.text()).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^seq,id,occurredAt,recordedAt,orgId,action,outcome/);
    expect(lines.length).toBeGreaterThan(subjects.length);

    const jsonl = await fetch(`${observability.url}/v1/audit/export?orgId=${org}&from=${from}&to=${to}`, { headers: auth });
    expect(jsonl.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const rows = (await jsonl.text()).trimEnd().split('\n').map((l) => JSON.parse(l) as Entry);
    expect(rows.every((r) => r.orgId === org)).toBe(true);
  });

  it('renders the compliance report of the org as JSON, HTML and PDF, with its chain verified', async () => {
    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 3600_000).toISOString();
    const r = await get<{ orgId: string; entries: { total: number }; accessChanges: { total: number }; auditChain: { ok: boolean } }>(
      `/v1/audit/reports/compliance?orgId=${other}&from=${from}&to=${to}`,
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ orgId: other, entries: { total: 1 }, accessChanges: { total: 0 }, auditChain: { ok: true } });

    const html = await fetch(`${observability.url}/v1/audit/reports/compliance?orgId=${other}&from=${from}&to=${to}&format=html`, { headers: auth });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await html.text();
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain(`Compliance evidence — ${other}`);
    expect(page).toContain('Audit chain verified');

    const pdf = await fetch(`${observability.url}/v1/audit/reports/compliance?orgId=${other}&from=${from}&to=${to}&format=pdf`, { headers: auth });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="compliance-.*\.pdf"$/);
    const text = pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(text).toContain(`Compliance evidence — ${other}`);
    expect(text).toContain('Audit trail integrity');

    const bad = await get<{ error: { details: { path: string }[] } }>(`/v1/audit/reports/compliance?orgId=${other}&from=${from}&to=${to}&format=docx`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.path)).toEqual(['query.format']);
  });

  it('answers an invalid query with 400 naming each bad parameter', async () => {
    const r = await get<{ error: { code: string; details: { path: string; message: string }[] } }>(
      `/v1/audit/entries?orgId=${org}&outcome=great&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
    );
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_request');
    expect(r.body.error.details.map((d) => d.path).sort()).toEqual(['query.outcome']);
    const range = await get<{ error: { details: { path: string }[] } }>(`/v1/audit/entries?orgId=${org}&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`);
    expect(range.body.error.details).toEqual([{ path: 'query.to', message: 'must be later than `from`' }]);
    const exportWithoutRange = await get<{ error: { details: { path: string }[] } }>(`/v1/audit/export?orgId=${org}`);
    expect(exportWithoutRange.status).toBe(400);
    expect(exportWithoutRange.body.error.details.map((d) => d.path).sort()).toEqual(['query.from', 'query.to']);
    expect((await fetch(`${observability.url}/v1/audit/verify?orgId=${org}`)).status).toBe(401);
  });

  it('erases a person on request: a pseudonym in their entries, the completion audited, the chain still verifying', async () => {
    const orgId = `org-${randomUUID().slice(0, 8)}`;
    const data = { ...SAMPLE_DATA[EVENTS.requestReceived], principal: { keyId: 'key-9', userId: 'carol@example.com' } };
    await publisher.publish(EVENT_CONTRACTS[EVENTS.requestReceived], data as never, { orgId });
    await waitFor(async () => (await entries(`orgId=${orgId}&actorUserId=carol@example.com`)).length === 1, 'carol’s entry');
    await publisher.publish(EVENT_CONTRACTS[EVENTS.privacyErasureRequested], { erasureId: 'er-e2e', subjectId: 'carol@example.com', requestedBy: 'dpo' } as never, { orgId });
    const done = await waitFor(async () => (await entries(`orgId=${orgId}&action=${EVENTS.privacyErasureCompleted}`))[0], 'the audited completion');
    expect(done).toMatchObject({ resource: 'erasure:er-e2e', outcome: 'success', actor: { type: 'service', id: 'observability' } });
    const all = await entries(`orgId=${orgId}`);
    expect(JSON.stringify(all)).not.toContain('carol@example.com');
    expect(all[0]).toMatchObject({ actor: { type: 'user', id: expect.stringMatching(/^anon-[0-9a-f]{24}$/) } });
    expect((await get<{ ok: boolean }>(`/v1/audit/verify?orgId=${orgId}`)).body.ok).toBe(true);
  });

  it('sets an org’s retention and records the change in its own audit trail', async () => {
    const put = await fetch(`${observability.url}/v1/audit/retention/${org}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ retentionDays: 90 }),
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ orgId: org, retentionDays: 90, source: 'org' });
    expect((await get<{ source: string; retentionDays: number }>(`/v1/audit/retention/${other}`)).body).toMatchObject({ source: 'default', retentionDays: 400 });
    const change = await waitFor(async () => (await entries(`orgId=${org}&action=${EVENTS.adminChanged}&resource=audit_retention:*`))[0], 'the retention change entry');
    expect(change).toMatchObject({ resource: `audit_retention:${org}`, actor: { type: 'admin', id: 'platform-admin' } });
    const bad = await fetch(`${observability.url}/v1/audit/retention/${org}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ retentionDays: 0 }),
    });
    expect(bad.status).toBe(400);
  });
});
