import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { sql, waitFor } from '@ironcage/testing';
import { OTLP } from './otlp/otlp-schema';
import { startTracesApp, type TracesApp } from './testing/traces-app';

const TOKEN_A = 'ingest-token-for-receiver-a';
const TOKEN_B = 'ingest-token-for-receiver-b';
const SUCCESS = 0;
const FAILED = 1;
const repoRoot = resolve(__dirname, '..', '..', '..', '..');

interface Exported {
  traceIds: string[];
  results: { code: number; error?: string }[];
}

/** Runs the SDK's real OTLP exporter (protobuf or JSON) in a process of its own: see testing/export-spans.ts. */
async function exportTraces(format: 'protobuf' | 'json', url: string, traces: { service: string; orgId: string }[], headers: Record<string, string> = {}, times = 1): Promise<Exported> {
  const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'testing', 'export-spans.ts'), JSON.stringify({ format, url, headers, traces, times })], {
    cwd: repoRoot,
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Exported;
}

interface TraceBody {
  services: string[];
  spanCount: number;
  spans: { name: string; kind: string; attributes: Record<string, unknown>; children: { name: string; kind: string; attributes: Record<string, unknown> }[] }[];
}

describe('OTLP/HTTP trace receiver', () => {
  let a: TracesApp;
  let b: TracesApp;
  const getTrace = async (app: TracesApp, traceId: string, orgId: string) => {
    const r = await fetch(`${app.url}/v1/traces/${traceId}?orgId=${orgId}`, { headers: { authorization: `Bearer ${app.adminKey}` } });
    return { status: r.status, body: (await r.json()) as TraceBody };
  };
  const post = (body: Buffer | string, contentType: string, extra: Record<string, string> = {}) =>
    fetch(`${a.url}/v1/traces`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN_A}`, 'content-type': contentType, ...extra }, body });

  beforeAll(async () => {
    b = await startTracesApp({ OBSERVABILITY_OTLP_TOKEN: TOKEN_B });
    a = await startTracesApp({
      OBSERVABILITY_OTLP_TOKEN: TOKEN_A,
      OBSERVABILITY_OTLP_MAX_BODY_BYTES: String(256 * 1024),
      OBSERVABILITY_OTLP_FORWARD_ENDPOINT: b.url,
      OBSERVABILITY_OTLP_FORWARD_HEADERS: `authorization=Bearer%20${TOKEN_B}`,
    });
  }, 60_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it.each(['protobuf', 'json'] as const)('stores what the real %s exporter sends, as a tree, without prompt text, and forwards it', async (format) => {
    const { traceIds: [traceId], results } = await exportTraces(format, `${a.url}/v1/traces`, [{ service: 'gateway', orgId: 'acme' }], { authorization: `Bearer ${TOKEN_A}` });
    expect(results).toEqual([{ code: SUCCESS }]);

    const { status, body } = await getTrace(a, traceId, 'acme');
    expect(status).toBe(200);
    expect(body).toMatchObject({ services: ['gateway'], spanCount: 2 });
    expect(body.spans).toHaveLength(1);
    expect(body.spans[0]).toMatchObject({ name: 'POST /v1/chat/completions', kind: 'server' });
    expect(body.spans[0].children).toEqual([
      expect.objectContaining({ name: 'chat gpt-4o-mini', kind: 'client', attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 11, 'ironcage.org_id': 'acme' } }),
    ]);
    expect(JSON.stringify(body)).not.toContain('secret prompt');
    // another org does not see it
    expect((await getTrace(a, traceId, 'other-org')).status).toBe(404);

    // forwarded, byte for byte, to the second receiver
    const forwarded = await waitFor(async () => {
      const r = await getTrace(b, traceId, 'acme');
      return r.status === 200 && r.body;
    }, 'the forwarded trace', 30_000, 200);
    expect(forwarded.spanCount).toBe(2);
  });

  it('stores a span sent twice (an exporter retry) once', async () => {
    const { traceIds: [traceId], results } = await exportTraces('protobuf', `${a.url}/v1/traces`, [{ service: 'budget', orgId: 'acme' }], { authorization: `Bearer ${TOKEN_A}` }, 2);
    expect(results).toEqual([{ code: SUCCESS }, { code: SUCCESS }]);
    expect((await getTrace(a, traceId, 'acme')).body.spanCount).toBe(2);
  });

  it('refuses an exporter without the ingest token', async () => {
    const { results } = await exportTraces('protobuf', `${a.url}/v1/traces`, [{ service: 'gateway', orgId: 'acme' }], { authorization: 'Bearer wrong-token-wrong-token' });
    expect(results).toEqual([expect.objectContaining({ code: FAILED })]);
    const r = await fetch(`${a.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ code: 16, message: expect.stringContaining('ingest token') });
  });

  it('answers bad bodies as OTLP says: 400 with a google.rpc.Status, 413, 415', async () => {
    const garbage = await post(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), 'application/x-protobuf');
    expect(garbage.status).toBe(400);
    expect(garbage.headers.get('content-type')).toMatch(/application\/x-protobuf/);
    const status = OTLP.RpcStatus.toObject(OTLP.RpcStatus.decode(Buffer.from(await garbage.arrayBuffer())));
    expect(status).toEqual({ code: 3, message: expect.stringMatching(/^body is not a protobuf ExportTraceServiceRequest: /) });

    const badJson = await post('{"resourceSpans": [', 'application/json');
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toEqual({ code: 3, message: expect.stringMatching(/^body is not JSON: /) });

    const notArray = await post('{"resourceSpans": {"x": 1}}', 'application/json');
    expect(await notArray.json()).toEqual({ code: 3, message: 'resourceSpans: expected an array' });

    const text = await post('hello', 'text/plain');
    expect(text.status).toBe(415);
    expect(((await text.json()) as { message: string }).message).toMatch(/application\/x-protobuf or application\/json/);

    const big = await post(Buffer.alloc(300 * 1024, 0x20), 'application/json');
    expect(big.status).toBe(413);
    const bomb = await post(gzipSync(Buffer.alloc(2 * 1024 * 1024, 0x20)), 'application/json', { 'content-encoding': 'gzip' });
    expect(bomb.status).toBe(413);
  });

  it('takes gzip bodies and reports refused spans as partial success', async () => {
    const traceId = 'a1'.repeat(16);
    const span = (spanId: string) => ({ traceId, spanId, name: 'work', kind: 1, startTimeUnixNano: '1767225600000000000', endTimeUnixNano: '1767225600250000000', attributes: [{ key: 'ironcage.org_id', value: { stringValue: 'acme' } }] });
    const body = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'json-client' } }] }, scopeSpans: [{ spans: [span('b2'.repeat(8)), span('short')] }] }] };
    const r = await post(gzipSync(JSON.stringify(body)), 'application/json; charset=utf-8', { 'content-encoding': 'gzip' });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ partialSuccess: { rejectedSpans: '1', errorMessage: 'resourceSpans[0].scopeSpans[0].spans[1]: spanId: expected 16 hex digits, got "short"' } });
    const stored = await getTrace(a, traceId, 'acme');
    expect(stored.body).toMatchObject({ services: ['json-client'], spanCount: 1, spans: [{ name: 'work', durationMs: 250, startTime: '2026-01-01T00:00:00.000000Z' }] });
  });

  it('lists an org’s recent traces with root, duration and services, filtered by service and model', async () => {
    const { traceIds } = await exportTraces('json', `${a.url}/v1/traces`, [{ service: 'gateway', orgId: 'lister' }, { service: 'budget', orgId: 'lister' }], { authorization: `Bearer ${TOKEN_A}` });
    const [first, second] = traceIds.map((traceId) => ({ traceId }));
    const list = async (query: string) => {
      const r = await fetch(`${a.url}/v1/traces?orgId=lister${query}`, { headers: { authorization: `Bearer ${a.adminKey}` } });
      return ((await r.json()) as { traces: { traceId: string; root: { name: string }; spanCount: number; serviceCount: number }[] }).traces;
    };
    expect((await list('')).map((t) => t.traceId).sort()).toEqual([first.traceId, second.traceId].sort());
    expect(await list('&service=budget')).toEqual([expect.objectContaining({ traceId: second.traceId, root: expect.objectContaining({ name: 'POST /v1/chat/completions' }), spanCount: 2, serviceCount: 1 })]);
    expect(await list('&model=gpt-4o-mini')).toHaveLength(2);
    expect(await list('&model=other')).toEqual([]);
    const bad = await fetch(`${a.url}/v1/traces?orgId=lister&since=yesterday`, { headers: { authorization: `Bearer ${a.adminKey}` } });
    expect(bad.status).toBe(400);
    const noKey = await fetch(`${a.url}/v1/traces?orgId=lister`);
    expect(noKey.status).toBe(401);
  });

  it('purges spans past retention', async () => {
    const { traceIds: [traceId] } = await exportTraces('protobuf', `${a.url}/v1/traces`, [{ service: 'gateway', orgId: 'old' }], { authorization: `Bearer ${TOKEN_A}` });
    await sql(`UPDATE ${a.schema}.trace_spans SET received_at = now() - interval '8 days' WHERE trace_id = $1`, [traceId]);
    const { TracesRetention } = await import('./traces-retention');
    expect(await a.app.get(TracesRetention).purge()).toBe(2);
    expect((await getTrace(a, traceId, 'old')).status).toBe(404);
  });
});

describe('OTLP forwarding', () => {
  let upstream: Server;
  let answers: number[];
  let received: { contentType?: string; auth?: string; bytes: number }[];
  let app: TracesApp;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ contentType: req.headers['content-type'], auth: req.headers['x-api-key'] as string, bytes: Buffer.concat(chunks).length });
        res.writeHead(answers.shift() ?? 200).end();
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    app = await startTracesApp({ OBSERVABILITY_OTLP_FORWARD_ENDPOINT: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/otel/`, OBSERVABILITY_OTLP_FORWARD_HEADERS: 'x-api-key=k%3D1' });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await new Promise((r) => upstream.close(r));
  });

  beforeEach(() => {
    answers = [];
    received = [];
  });

  it('retries 503 with backoff until the endpoint takes the batch, with the configured headers and the body as received', async () => {
    answers = [503, 503];
    const { results } = await exportTraces('protobuf', `${app.url}/v1/traces`, [{ service: 'gateway', orgId: 'fwd' }]);
    expect(results).toEqual([{ code: SUCCESS }]);
    await app.forwarder.drained();
    expect(received).toHaveLength(3);
    expect(received.every((r) => r.contentType === 'application/x-protobuf' && r.auth === 'k=1' && r.bytes > 0)).toBe(true);
  }, 30_000);

  it('drops a batch the endpoint refuses (400) without retrying', async () => {
    answers = [400];
    await exportTraces('json', `${app.url}/v1/traces`, [{ service: 'gateway', orgId: 'fwd' }]);
    await app.forwarder.drained();
    expect(received).toEqual([expect.objectContaining({ contentType: 'application/json' })]);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/otlp_forward_batches_total\{outcome="rejected"[^}]*\} 1\b/);
  });
});
