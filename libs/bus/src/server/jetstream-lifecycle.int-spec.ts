import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Injectable } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EVENTS, requestReceivedEvent, type RequestReceived } from '@ironcage/contracts';
import { BusConnection } from '../connection/bus.connection';
import { busOptions, type BusTestApp, deleteNamespace, requestReceived, sleep, startBusApp, testNamespace, waitFor } from '../testing/bus-test.harness';
import type { JetStreamContext } from './jetstream.context';

jest.setTimeout(60_000);

@Injectable()
class Probe {
  readonly handled: Array<{ requestId: string; seq: number }> = [];
  delayMs = 0;
  started = 0;
  finished = 0;
}

@Controller()
class RequestsController {
  constructor(private readonly probe: Probe) {}

  @EventPattern(EVENTS.requestReceived, { backoffMs: 50 })
  async onRequestReceived(@Payload() data: RequestReceived, @Ctx() ctx: JetStreamContext): Promise<void> {
    this.probe.started++;
    if (this.probe.delayMs) await sleep(this.probe.delayMs);
    this.probe.handled.push({ requestId: data.requestId, seq: ctx.getStreamSequence() });
    this.probe.finished++;
  }
}

const start = (namespace: string, service: string, servers?: string): Promise<BusTestApp> =>
  startBusApp({
    options: busOptions(namespace, service, servers ? { servers } : {}),
    controllers: [RequestsController],
    providers: [Probe],
  });

async function publishAll(bus: BusTestApp, events: RequestReceived[], concurrency = 32): Promise<void> {
  const queue = [...events];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let e = queue.shift(); e; e = queue.shift()) await bus.publisher.publish(requestReceivedEvent, e, { orgId: 'org-1' });
    }),
  );
}

describe('JetStreamServer consumer lifecycle', () => {
  const namespace = testNamespace();
  const apps: BusTestApp[] = [];
  const track = (app: BusTestApp): BusTestApp => (apps.push(app), app);

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close().catch(() => undefined)));
    await deleteNamespace(namespace);
  });

  it('shares the durable consumer between replicas, so each event is handled exactly once across them', async () => {
    const a = track(await start(namespace, 'budget'));
    const b = track(await start(namespace, 'budget'));
    a.app.get(Probe).delayMs = 2;
    b.app.get(Probe).delayMs = 2;
    const events = Array.from({ length: 300 }, () => requestReceived());
    await publishAll(a, events);
    const handled = () => [...a.app.get(Probe).handled, ...b.app.get(Probe).handled];
    await waitFor(() => handled().length >= events.length, 20_000, 'all events handled');
    await sleep(500);
    const ids = handled().map((h) => h.requestId);
    expect(ids).toHaveLength(events.length);
    expect(new Set(ids)).toEqual(new Set(events.map((e) => e.requestId)));
    expect(a.app.get(Probe).handled.length).toBeGreaterThan(0);
    expect(b.app.get(Probe).handled.length).toBeGreaterThan(0);
  });

  it('delivers the events published while the service was down once it is back', async () => {
    const first = await start(namespace, 'audit');
    await first.close();
    const publisher = track(await start(namespace, 'gateway'));
    const events = Array.from({ length: 25 }, () => requestReceived());
    await publishAll(publisher, events);
    const again = track(await start(namespace, 'audit'));
    const probe = again.app.get(Probe);
    const wanted = new Set(events.map((e) => e.requestId));
    await waitFor(() => probe.handled.filter((h) => wanted.has(h.requestId)).length === events.length, 10_000, 'catch-up');
  });

  it('recreates its consumer when it is deleted on the server, and keeps consuming', async () => {
    const bus = track(await start(namespace, 'phoenix'));
    const probe = bus.app.get(Probe);
    const before = requestReceived();
    await bus.publisher.publish(requestReceivedEvent, before, { orgId: 'org-1' });
    await waitFor(() => probe.handled.some((h) => h.requestId === before.requestId));

    await bus.connection.jsm.consumers.delete(bus.connection.naming.stream('REQUESTS'), 'phoenix__request_received');
    const after = requestReceived();
    await bus.publisher.publish(requestReceivedEvent, after, { orgId: 'org-1' });
    await waitFor(() => probe.handled.some((h) => h.requestId === after.requestId), 20_000, 'the event published after deletion');
    const info = await bus.connection.jsm.consumers.info(bus.connection.naming.stream('REQUESTS'), 'phoenix__request_received');
    expect(info.config.durable_name).toBe('phoenix__request_received');
  });

  it('waits for the handler in flight when closing, and acknowledges its event', async () => {
    // a namespace of its own, so the stream holds only this event
    const own = testNamespace();
    const bus = await start(own, 'closer');
    const inspector = await BusConnection.connect(busOptions(own, 'inspector'));
    try {
      const probe = bus.app.get(Probe);
      probe.delayMs = 1000;
      const { seq } = await bus.publisher.publish(requestReceivedEvent, requestReceived(), { orgId: 'org-1' });
      await waitFor(() => probe.started === 1);
      await bus.close();
      expect(probe.finished).toBe(1);

      const info = await inspector.jsm.consumers.info(inspector.naming.stream('REQUESTS'), 'closer__request_received');
      expect(info.num_ack_pending).toBe(0);
      expect(info.ack_floor.stream_seq).toBe(seq);
    } finally {
      await inspector.close();
      await deleteNamespace(own);
    }
  });
});

/** A private nats-server we may kill and restart; found through NATS_SERVER_BIN or on PATH. */
const natsServerBin = process.env.NATS_SERVER_BIN ?? (spawnSync('which', ['nats-server']).stdout?.toString().trim() || undefined);
const describeWithServer = natsServerBin ? describe : describe.skip;

describeWithServer('JetStreamServer across a NATS server restart', () => {
  const namespace = testNamespace();
  const store = mkdtempSync(join(tmpdir(), 'bus-restart-'));
  let port = 0;
  let server: ChildProcess | undefined;
  let bus: BusTestApp | undefined;

  const freePort = (): Promise<number> =>
    new Promise((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = s.address() as { port: number };
        s.close(() => resolve(p));
      });
    });

  const startServer = async (dir: string): Promise<void> => {
    server = spawn(natsServerBin!, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], { stdio: 'ignore' });
    await waitFor(
      async () => {
        try {
          const probe = await BusConnection.connect({ servers: `nats://127.0.0.1:${port}`, service: 'probe', connectTimeoutMs: 500 });
          await probe.close();
          return true;
        } catch {
          return false;
        }
      },
      10_000,
      'nats-server to start',
    );
  };

  const stopServer = async (): Promise<void> => {
    const s = server;
    if (!s || s.exitCode !== null) return;
    await new Promise((resolve) => {
      s.once('exit', resolve);
      s.kill('SIGTERM');
    });
  };

  beforeAll(async () => {
    port = await freePort();
    await startServer(store);
    bus = await start(namespace, 'survivor', `nats://127.0.0.1:${port}`);
  });

  afterAll(async () => {
    await bus?.close().catch(() => undefined);
    await stopServer();
    rmSync(store, { recursive: true, force: true });
  });

  const publishWhenHealthy = async (event: RequestReceived): Promise<void> => {
    await waitFor(() => bus!.connection.isHealthy(), 20_000, 'the connection to come back');
    await waitFor(
      () =>
        bus!.publisher.publish(requestReceivedEvent, event, { orgId: 'org-1', id: event.requestId }).then(
          () => true,
          () => false,
        ),
      20_000,
      'a publish to succeed',
    );
  };

  it('keeps consuming after the server restarts with its storage', async () => {
    const probe = bus!.app.get(Probe);
    const before = requestReceived();
    await publishWhenHealthy(before);
    await waitFor(() => probe.handled.some((h) => h.requestId === before.requestId));

    await stopServer();
    await sleep(500);
    await startServer(store);
    const after = requestReceived();
    await publishWhenHealthy(after);
    await waitFor(() => probe.handled.some((h) => h.requestId === after.requestId), 30_000, 'the event published after the restart');
  });

  it('re-provisions its streams and consumer when the server comes back empty', async () => {
    const probe = bus!.app.get(Probe);
    await stopServer();
    await startServer(mkdtempSync(join(tmpdir(), 'bus-restart-empty-')));
    const after = requestReceived();
    await publishWhenHealthy(after);
    await waitFor(() => probe.handled.some((h) => h.requestId === after.requestId), 40_000, 'the event published to the empty server');
  });
});
