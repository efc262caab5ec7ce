/**
 * The benchmark's OpenAI, in a worker thread of its own (so that the upstream does not share an
 * event loop with the load generator): the Admin API fake of the credentials service's tests
 * (`startFakeOpenAI`: service accounts are created and deleted by the OpenAI rotation adapter, and
 * `/v1/models` tests a key) and, on a second port, `POST /v1/chat/completions` for the gateways,
 * which accepts exactly the keys of the service accounts that exist at that moment — so a key is
 * refused as soon as the rotation deletes its service account, as OpenAI would.
 *
 * Every chat completion is logged (time, which key, accepted or refused); the main thread reads
 * the log and the provider-side times of key creation and deletion at the end.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { startFakeOpenAI } from '../../services/credentials/src/rotation/testing/fake-openai';

/** Where a key came from: seeded by a person (the key in use before the rotation), created by the Admin API (a rotation), or never issued. */
export type KeyOrigin = 'seeded' | 'created' | 'unknown';

interface KeyHistory {
  key: string;
  /** The service account's name (a rotation's carries its rotation id). */
  name: string;
  origin: KeyOrigin;
  createdAt: number | null;
  deletedAt: number | null;
}

export interface UpstreamLog {
  /** The keys seen on chat completions and every key the provider issued; the log refers to them by index. Never printed. */
  keys: KeyHistory[];
  /** Per chat completion: arrival time (ms since epoch), index into keys, 1 when answered 200, 0 when refused 401. */
  times: number[];
  keyIndex: number[];
  accepted: number[];
}

interface WorkerInput {
  adminKey: string;
  delayMs: number;
}

type Request = { id: number; op: 'seed'; name: string } | { id: number; op: 'works'; key: string } | { id: number; op: 'log' } | { id: number; op: 'close' };

const completion = (model: string) =>
  JSON.stringify({
    id: `chatcmpl-${randomBytes(6).toString('hex')}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: 'ok', refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
  });
const refusal = JSON.stringify({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });

async function runWorker(input: WorkerInput): Promise<void> {
  const port = parentPort!;
  const admin = await startFakeOpenAI(input.adminKey);
  const seeded = new Set<string>();
  /** Provider-side key history: when each service account appeared and disappeared (polled every 2 ms). */
  const history = new Map<string, KeyHistory>();
  const watch = setInterval(() => {
    const now = Date.now();
    for (const a of admin.accounts.values()) {
      if (!history.has(a.id)) history.set(a.id, { key: a.key, name: a.name, origin: seeded.has(a.id) ? 'seeded' : 'created', createdAt: now, deletedAt: null });
    }
    for (const [id, h] of history) if (h.deletedAt === null && !admin.accounts.has(id)) h.deletedAt = now;
  }, 2);
  const keys: string[] = [];
  const indexOf = new Map<string, number>();
  const log = { times: [] as number[], keyIndex: [] as number[], accepted: [] as number[] };
  const chat: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      const ok = admin.works(key); // the service account exists now
      const send = (status: number, body: string) => {
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      };
      if (req.method === 'GET' && req.url === '/v1/models') return ok ? send(200, '{"object":"list","data":[]}') : send(401, refusal);
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) return send(404, '{"error":{"message":"not found"}}');
      let i = indexOf.get(key);
      if (i === undefined) {
        i = keys.push(key) - 1;
        indexOf.set(key, i);
      }
      log.times.push(Date.now());
      log.keyIndex.push(i);
      log.accepted.push(ok ? 1 : 0);
      if (!ok) return send(401, refusal);
      let model = 'gpt-4o-mini';
      try {
        model = String((JSON.parse(Buffer.concat(chunks).toString()) as { model?: string }).model ?? model);
      } catch {
        return send(400, '{"error":{"message":"invalid JSON"}}');
      }
      const body = completion(model);
      if (input.delayMs > 0) setTimeout(() => send(200, body), input.delayMs);
      else send(200, body);
    });
  });
  chat.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => chat.listen(0, '127.0.0.1', r));

  port.on('message', (m: Request) => {
    if (m.op === 'seed') {
      const sa = admin.seed(m.name);
      seeded.add(sa.id);
      history.set(sa.id, { key: sa.key, name: sa.name, origin: 'seeded', createdAt: Date.now(), deletedAt: null });
      port.postMessage({ id: m.id, result: { id: sa.id, key: sa.key } });
    } else if (m.op === 'works') {
      port.postMessage({ id: m.id, result: admin.works(m.key) });
    } else if (m.op === 'log') {
      const byKey = new Map([...history.values()].map((h) => [h.key, h]));
      for (const h of history.values()) if (!indexOf.has(h.key)) indexOf.set(h.key, keys.push(h.key) - 1); // keys never used too
      const result: UpstreamLog = {
        keys: keys.map((key) => {
          const h = byKey.get(key);
          return { key, name: h?.name ?? '', origin: h?.origin ?? 'unknown', createdAt: h?.createdAt ?? null, deletedAt: h?.deletedAt ?? null };
        }),
        ...log,
      };
      port.postMessage({ id: m.id, result });
    } else if (m.op === 'close') {
      clearInterval(watch);
      chat.closeAllConnections();
      void Promise.all([new Promise((r) => chat.close(r)), admin.close()]).then(() => port.postMessage({ id: m.id, result: true }));
    }
  });
  port.postMessage({ ready: true, adminUrl: admin.url, chatUrl: `http://127.0.0.1:${(chat.address() as AddressInfo).port}` });
}

export interface FakeProvider {
  /** The Admin API and `/v1/models` (CREDENTIALS_PROVIDER_ENDPOINTS.openai). */
  adminUrl: string;
  /** Chat completions for the gateways (a deployment's baseUrl is `${chatUrl}/v1`). */
  chatUrl: string;
  /** A service account made by a person, outside any rotation. */
  seed(name: string): Promise<{ id: string; key: string }>;
  /** Whether the provider accepts the key now. */
  works(key: string): Promise<boolean>;
  log(): Promise<UpstreamLog>;
  close(): Promise<void>;
}

/** Starts the fake provider in a worker thread. */
export async function startFakeProvider(adminKey: string, delayMs = 0): Promise<FakeProvider> {
  const worker = new Worker(__filename, { workerData: { adminKey, delayMs } satisfies WorkerInput });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  let failed: Error | undefined;
  const ready = new Promise<{ adminUrl: string; chatUrl: string }>((resolve, reject) => {
    worker.on('error', (e) => {
      failed = e;
      reject(e);
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    });
    worker.on('message', (m: { ready?: true; adminUrl: string; chatUrl: string } | { id: number; result: unknown }) => {
      if ('ready' in m) return resolve(m);
      if ('id' in m) {
        pending.get(m.id)?.resolve(m.result);
        pending.delete(m.id);
      }
    });
  });
  const { adminUrl, chatUrl } = await ready;
  const ask = <T>(req: Record<string, unknown>) =>
    new Promise<T>((resolve, reject) => {
      if (failed) return reject(failed);
      const id = ++next;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...req, id });
    });
  return {
    adminUrl,
    chatUrl,
    seed: (name) => ask<{ id: string; key: string }>({ op: 'seed', name }),
    works: (key) => ask<boolean>({ op: 'works', key }),
    log: () => ask<UpstreamLog>({ op: 'log' }),
    async close() {
      await ask<boolean>({ op: 'close' });
      await worker.terminate();
    },
  };
}

if (!isMainThread && (workerData as WorkerInput | undefined)?.adminKey) {
  void runWorker(workerData as WorkerInput); // a failure ends the worker with an 'error' event
}
