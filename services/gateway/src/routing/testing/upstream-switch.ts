import { createServer, type Server, type Socket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP relay in front of an upstream fake that tests can kill and revive on the same port:
 * `kill()` closes the listener and every relayed connection (callers see connection refused /
 * reset), `revive()` listens again where it was.
 */
export class UpstreamSwitch {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  static async inFrontOf(url: string): Promise<UpstreamSwitch> {
    const u = new URL(url);
    const s = new UpstreamSwitch({ host: u.hostname, port: Number(u.port) });
    await s.revive();
    return s;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async revive(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async kill(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
