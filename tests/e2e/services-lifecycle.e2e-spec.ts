import { HEADERS, platformPingRpc } from '@ironcage/contracts';
import { RpcClient, type BusConnection } from '@ironcage/bus';
import { startServiceProcess, type ServiceProcess } from '@ironcage/testing';
import { isolatedStack } from './stack';

const SERVICES = ['gateway', 'guardrails', 'budget', 'sandbox', 'credentials', 'mcp-catalog', 'observability', 'data-sync', 'agent-runtime'];

describe('every service', () => {
  const stack = isolatedStack('life');
  const running = new Map<string, ServiceProcess>();
  let bus: BusConnection;

  beforeAll(async () => {
    // two at a time: the machines have two cores
    for (let i = 0; i < SERVICES.length; i += 2) {
      const batch = SERVICES.slice(i, i + 2);
      const started = await Promise.all(batch.map((s) => stack.start(s)));
      started.forEach((p) => running.set(p.name, p));
    }
    bus = await stack.bus();
  }, 180_000);

  afterAll(async () => {
    await bus?.close();
    await stack.teardown();
  });

  it.each(SERVICES)('%s reports ready, naming the dependencies it checked', async (name) => {
    const res = await fetch(`${running.get(name)!.url}/readyz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; checks: Record<string, { status: string }> };
    expect(body.status).toBe('ready');
    expect(body.checks.bus).toMatchObject({ status: 'up' });
  });

  it.each(SERVICES)('%s exposes Prometheus metrics', async (name) => {
    const res = await fetch(`${running.get(name)!.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toContain(`process_cpu_user_seconds_total{service="${name}"}`);
  });

  it('all nine answer platform.ping over the bus', async () => {
    const rpc = new RpcClient(bus);
    // a queue group per service: ask until each has answered at least once
    const seen = new Set<string>();
    for (let i = 0; i < 200 && seen.size < SERVICES.length; i++) {
      const reply = await rpc.call(platformPingRpc, { from: 'e2e' });
      seen.add(reply.service);
    }
    expect([...seen].sort()).toEqual([...SERVICES].sort());
  });

  it('answers an invalid RPC request with a typed invalid_request error naming the field', async () => {
    const rpc = new RpcClient(bus);
    // bypass the client's own validation to see what a service answers to a bad request
    const reply = await bus.nc.request(bus.naming.subject(platformPingRpc.subject), JSON.stringify({ from: '' }), { timeout: 2000 });
    expect(reply.headers?.get(HEADERS.errorCode)).toBe('invalid_request');
    expect(reply.headers?.get(HEADERS.errorMessage)).toMatch(/from/);
    await expect(rpc.call(platformPingRpc, { from: '' })).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it.each(SERVICES)('%s shuts down cleanly on SIGTERM', async (name) => {
    const p = running.get(name)!;
    const exit = await p.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(p.output()).toContain('stopped cleanly');
  });
});

describe('a service with bad configuration', () => {
  it('refuses to start and names every missing or invalid variable', async () => {
    const p = await startServiceProcess('budget', { DATABASE_URL: '', NATS_URL: 'http://wrong', PORT: '70000' }, { waitReady: false });
    const exit = await p.exited;
    expect(exit.code).toBe(78);
    const out = p.output();
    expect(out).toContain('budget: invalid configuration');
    expect(out).toMatch(/DATABASE_URL: /);
    expect(out).toMatch(/NATS_URL: must be a nats:\/\/ URL/);
    expect(out).toMatch(/PORT: /);
  });

  it('does not echo the value of the admin key it rejected', async () => {
    const p = await startServiceProcess('gateway', { IRONCAGE_ADMIN_KEY: 'too-short-secret' }, { waitReady: false });
    const exit = await p.exited;
    expect(exit.code).toBe(78);
    expect(p.output()).toContain('IRONCAGE_ADMIN_KEY: must be at least 24 characters');
    expect(p.output()).not.toContain('too-short-secret');
  });
});
