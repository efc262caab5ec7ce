import { RpcError } from '@ironcage/bus';
import { RpcErrorCode } from '@ironcage/contracts';
import type { Deployment } from '../providers/provider-adapter';
import { type LeaseRpc, LeasedCredentialSource } from './leased-credential-source';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const deployment: Deployment = { id: 'gpt-prod', provider: 'openai', upstreamModel: 'gpt-4o-mini' };

interface Call {
  request: Parameters<LeaseRpc['call']>[1];
  resolve: (version?: number) => void;
  reject: (err: Error) => void;
}

/** An RpcClient whose `credentials.lease` calls are answered by the test, one by one. */
function fakeRpc(clock: { now: number }, ttlMs = 60_000) {
  const calls: Call[] = [];
  let version = 1;
  const rpc: LeaseRpc = {
    call: (_contract, request) =>
      new Promise((resolve, reject) => {
        calls.push({
          request,
          resolve: (v = version) =>
            resolve({
              leaseId: `lease-${calls.length}`,
              credentialId: 'cred-1',
              provider: 'openai',
              version: v,
              secret: `sk-v${v}`,
              expiresAt: new Date(clock.now + ttlMs).toISOString(),
              renewAfter: new Date(clock.now + (ttlMs * 2) / 3).toISOString(),
            }),
          reject,
        });
      }),
  };
  return { rpc, calls, setVersion: (v: number) => (version = v) };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('LeasedCredentialSource', () => {
  let clock: { now: number };
  let warnings: { message: string; meta: Record<string, unknown> }[];
  const make = (rpc: LeaseRpc) =>
    new LeasedCredentialSource(rpc, { orgId: 'platform', requester: 'gateway', now: () => clock.now, onWarning: (message, meta) => warnings.push({ message, meta }) });

  beforeEach(() => {
    clock = { now: T0 };
    warnings = [];
  });

  it('leases the key for (org, deployment) once and serves it from memory until renewAfter', async () => {
    const { rpc, calls } = fakeRpc(clock);
    const source = make(rpc);
    const first = source.getKey(deployment);
    await flush();
    expect(calls).toHaveLength(1);
    expect(calls[0].request).toEqual({ orgId: 'platform', deployment: 'gpt-prod', requester: 'gateway' });
    calls[0].resolve();
    expect(await first).toBe('sk-v1');
    clock.now += 39_000;
    expect(await source.getKey(deployment)).toBe('sk-v1');
    expect(calls).toHaveLength(1);
  });

  it('single-flights concurrent first calls for one deployment, not across deployments', async () => {
    const { rpc, calls } = fakeRpc(clock);
    const source = make(rpc);
    const many = Array.from({ length: 50 }, () => source.getKey(deployment));
    const other = source.getKey({ ...deployment, id: 'gpt-backup' });
    await flush();
    expect(calls.map((c) => c.request.deployment)).toEqual(['gpt-prod', 'gpt-backup']);
    calls[0].resolve();
    calls[1].resolve();
    expect(new Set(await Promise.all(many))).toEqual(new Set(['sk-v1']));
    expect(await other).toBe('sk-v1');
  });

  it('renews in the background after renewAfter, serving the held lease meanwhile, with one call however many requests', async () => {
    const { rpc, calls, setVersion } = fakeRpc(clock);
    const source = make(rpc);
    const first = source.getKey(deployment);
    await flush();
    calls[0].resolve();
    await first;
    clock.now += 41_000; // past renewAfter (40 s), before expiresAt (60 s)
    setVersion(2);
    const during = await Promise.all(Array.from({ length: 20 }, () => source.getKey(deployment)));
    expect(new Set(during)).toEqual(new Set(['sk-v1']));
    expect(calls).toHaveLength(2);
    calls[1].resolve();
    await flush();
    expect(await source.getKey(deployment)).toBe('sk-v2');
    expect(calls).toHaveLength(2);
  });

  it('keeps serving a valid lease while the credentials service is unreachable, retrying no more than once a second', async () => {
    const { rpc, calls } = fakeRpc(clock);
    const source = make(rpc);
    const first = source.getKey(deployment);
    await flush();
    calls[0].resolve();
    await first;
    clock.now += 45_000;
    expect(await source.getKey(deployment)).toBe('sk-v1');
    calls[1].reject(new RpcError(RpcErrorCode.Timeout, 'no responders'));
    await flush();
    expect(await source.getKey(deployment)).toBe('sk-v1');
    expect(calls).toHaveLength(2); // within the retry delay
    clock.now += 1_001;
    expect(await source.getKey(deployment)).toBe('sk-v1');
    expect(calls).toHaveLength(3);
    expect(warnings[0].message).toMatch(/serving the held lease/);
    expect(JSON.stringify(warnings)).not.toContain('sk-v1');
  });

  it('never serves a lease at or after expiresAt: it leases again, and fails when it cannot', async () => {
    const { rpc, calls } = fakeRpc(clock);
    const source = make(rpc);
    const first = source.getKey(deployment);
    await flush();
    calls[0].resolve();
    await first;
    clock.now += 60_000;
    const afterExpiry = source.getKey(deployment);
    await flush();
    expect(calls).toHaveLength(2);
    calls[1].reject(new RpcError(RpcErrorCode.Timeout, 'no responders'));
    await expect(afterExpiry).rejects.toThrow('no credential lease for deployment gpt-prod (timeout)');
    expect(source.size()).toBe(0);
  });

  it('drops the leases of a rotated or revoked credential at once', async () => {
    const { rpc, calls, setVersion } = fakeRpc(clock);
    const source = make(rpc);
    const first = source.getKey(deployment);
    await flush();
    calls[0].resolve();
    await first;
    expect(source.dropCredential('cred-other')).toBe(0);
    expect(source.dropCredential('cred-1')).toBe(1);
    setVersion(2);
    const next = source.getKey(deployment);
    await flush();
    expect(calls).toHaveLength(2);
    calls[1].resolve();
    expect(await next).toBe('sk-v2');
  });

  it('after a rotation, serves the replaced key only if leasing its successor fails; after a revocation, never', async () => {
    const { rpc, calls } = fakeRpc(clock);
    const source = make(rpc);
    const first = source.getKey(deployment);
    await flush();
    calls[0].resolve(1);
    await first;

    source.dropCredential('cred-1', 'rotated');
    const afterRotation = source.getKey(deployment);
    await flush();
    expect(calls).toHaveLength(2); // the successor is leased first, not the replaced key served
    calls[1].reject(new RpcError(RpcErrorCode.Timeout, 'no responders'));
    expect(await afterRotation).toBe('sk-v1');
    expect(warnings.at(-1)?.message).toContain('serving the replaced key');
    expect(JSON.stringify(warnings)).not.toContain('sk-v1');

    clock.now += 1_001; // past retryAfter
    const recovered = source.getKey(deployment);
    await flush();
    calls[2].resolve(2);
    expect(await recovered).toBe('sk-v2');

    source.dropCredential('cred-1', 'revoked');
    const afterRevocation = source.getKey(deployment);
    await flush();
    calls[3].reject(new RpcError(RpcErrorCode.Timeout, 'no responders'));
    await expect(afterRevocation).rejects.toThrow('no credential lease for deployment gpt-prod (timeout)');
  });

  it('does not keep a lease that was in flight when its credential rotated: it leases again', async () => {
    const { rpc, calls } = fakeRpc(clock);
    const source = make(rpc);
    const pending = source.getKey(deployment);
    await flush();
    source.dropCredential('cred-1'); // rotated while the call was in flight
    calls[0].resolve(1);
    await flush();
    expect(calls).toHaveLength(2);
    calls[1].resolve(2);
    expect(await pending).toBe('sk-v2');
    expect(await source.getKey(deployment)).toBe('sk-v2');
    expect(calls).toHaveLength(2);
  });

  it('renews every held lease at its next use after a reconnect, still serving it', async () => {
    const { rpc, calls } = fakeRpc(clock);
    const source = make(rpc);
    const first = source.getKey(deployment);
    await flush();
    calls[0].resolve();
    await first;
    source.renewAll();
    expect(await source.getKey(deployment)).toBe('sk-v1');
    expect(calls).toHaveLength(2);
  });

  it('gives keyless providers the empty key when their deployment has no binding, and others an error', async () => {
    const rpc: LeaseRpc = { call: async () => Promise.reject(new RpcError(RpcErrorCode.NotFound, 'no binding')) };
    const source = make(rpc);
    expect(await source.getKey({ id: 'local', provider: 'mock', upstreamModel: 'mock-1' })).toBe('');
    await expect(source.getKey(deployment)).rejects.toThrow('no credential lease for deployment gpt-prod (not_found)');
  });
});
