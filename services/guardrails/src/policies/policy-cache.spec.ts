import { PolicyCache, scopesFor } from './policy-cache';
import type { ActivePolicyRow, PolicyRepository } from './policy.repository';

const row = (scope: string, version: number, yaml = 'version: 1\n'): ActivePolicyRow => ({ scope, version, source: yaml, sha256: 'x', activatedAt: new Date(), activatedBy: null });

describe('PolicyCache', () => {
  let rows: Record<string, ActivePolicyRow[]>;
  let reads: number;
  let fail: boolean;
  const repository = {
    activeForOrg: async (orgId: string) => {
      reads++;
      if (fail) throw new Error('db down');
      return rows[orgId] ?? [];
    },
  } as unknown as PolicyRepository;
  const cache = (ttl = 60) => new PolicyCache(repository, { GUARDRAILS_POLICY_CACHE_TTL_SECONDS: ttl } as never);

  beforeEach(() => {
    rows = { o1: [row('org', 3), row('team:t1', 2), row('agent:a1', 1, 'version: 1\nfailMode: open\n')] };
    reads = 0;
    fail = false;
  });

  it('resolves the most specific scope: agent, then team, then org, then the built-in default', async () => {
    const c = cache();
    expect((await c.resolve('o1', { agentId: 'a1', teamId: 't1' })).source).toEqual({ scope: 'agent:a1', version: 1 });
    expect((await c.resolve('o1', { agentId: 'a2', teamId: 't1' })).source).toEqual({ scope: 'team:t1', version: 2 });
    expect((await c.resolve('o1', { teamId: 't9' })).source).toEqual({ scope: 'org', version: 3 });
    expect((await c.resolve('o2')).source).toEqual({ scope: 'default', version: 0 });
    expect(scopesFor({ agentId: 'a', teamId: 't' })).toEqual(['agent:a', 'team:t', 'org']);
  });

  it('reads an org once until it is evicted', async () => {
    const c = cache();
    await c.resolve('o1');
    await c.resolve('o1', { teamId: 't1' });
    expect(reads).toBe(1);
    rows.o1 = [row('org', 4)];
    c.evict('o1');
    expect((await c.resolve('o1')).source.version).toBe(4);
    expect(reads).toBe(2);
  });

  it('re-reads after its time to live', async () => {
    const c = cache(1);
    await c.resolve('o1');
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 1500);
    try {
      await c.resolve('o1');
    } finally {
      jest.restoreAllMocks();
    }
    expect(reads).toBe(2);
  });

  it('does not keep a failed read', async () => {
    const c = cache();
    fail = true;
    await expect(c.resolve('o1')).rejects.toThrow('db down');
    fail = false;
    expect((await c.resolve('o1')).source.version).toBe(3);
  });
});
