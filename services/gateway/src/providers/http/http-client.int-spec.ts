import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProviderError } from '../errors/provider-error';
import { HttpClient } from './http-client';

describe('HttpClient', () => {
  let server: Server;
  let url: string;
  const remotePorts: number[] = [];
  const client = new HttpClient();

  beforeAll(async () => {
    server = createServer((req, res) => {
      remotePorts.push(req.socket.remotePort!);
      if (req.url === '/hang') return;
      if (req.url === '/headers-then-hang') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('partial');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await client.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('reuses one keep-alive connection for sequential calls to the same origin', async () => {
    remotePorts.length = 0;
    for (let i = 0; i < 3; i++) {
      const res = await client.send({ provider: 'p', url: `${url}/ok`, headers: {}, body: '{}', ctx: {} });
      expect(await res.json()).toEqual({ ok: true });
      // undici frees the connection just after the body's end event; a call made in that same tick may open another
      await new Promise((r) => setImmediate(r));
    }
    expect(new Set(remotePorts).size).toBe(1);
  });

  it('fails retryably when nothing listens on the upstream port', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = await client.send({ provider: 'p', url: `http://127.0.0.1:${port}/x`, headers: {}, ctx: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ code: 'upstream_error', retryable: true });
    expect((err as Error).message).toContain('ECONNREFUSED');
  });

  it('does not call at all when the deadline has already passed', async () => {
    remotePorts.length = 0;
    const err = await client.send({ provider: 'p', url: `${url}/ok`, headers: {}, ctx: { deadline: Date.now() - 1 } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'timeout' });
    expect(remotePorts).toEqual([]);
  });

  it('rejects with the abort reason when the client is already gone', async () => {
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await expect(client.send({ provider: 'p', url: `${url}/ok`, headers: {}, ctx: { signal: controller.signal } })).rejects.toThrow('gone');
  });

  it('times out precisely on the first byte', async () => {
    const started = Date.now();
    const err = await client.send({ provider: 'p', url: `${url}/hang`, headers: {}, ctx: { timeouts: { firstByteMs: 100 } } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'timeout', message: 'p sent no response in time' });
    expect(Date.now() - started).toBeLessThan(600);
  });

  it('times out when a body goes silent for longer than the idle timeout', async () => {
    const res = await client.send({ provider: 'p', url: `${url}/headers-then-hang`, headers: {}, ctx: { timeouts: { idleMs: 300 } } });
    const err = await res.text().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'timeout' });
  });
});
