import type { AccessRules, ResolvedCredential } from '../auth/credential';
import { resolveCredential } from '../auth/credential';
import { KeyAuthenticator } from '../auth/key-authenticator';
import type { CredentialRow } from '../keys/keys.repository';
import { mockOf } from '../tenancy/testing/mock-of';
import { decideModelAccess, denyingLayers, GatewayModelAccessPolicy } from './model-access.policy';
import { compileModelPatterns } from './model-patterns';

const rules = (lists: { org?: string[]; team?: string[]; project?: string[] | null; key?: string[] }): AccessRules => ({
  org: compileModelPatterns(lists.org),
  team: compileModelPatterns(lists.team),
  project: compileModelPatterns(lists.project),
  key: compileModelPatterns(lists.key),
});

describe('model access', () => {
  const MODEL = 'openai/gpt-4o';
  const allow = ['openai/*'];
  const deny = ['mock/*'];

  // every combination of four layers: empty (no restriction), allowing, refusing
  const states = { empty: [] as string[], allows: allow, refuses: deny };
  type State = keyof typeof states;
  const names = Object.keys(states) as State[];
  const matrix: [State, State, State, State][] = [];
  for (const o of names) for (const t of names) for (const p of names) for (const k of names) matrix.push([o, t, p, k]);

  it.each(matrix)('org %s, team %s, project %s, key %s', (o, t, p, k) => {
    const decision = decideModelAccess(rules({ org: states[o], team: states[t], project: states[p], key: states[k] }), MODEL);
    const firstRefusal = (['org', 'team', 'project', 'key'] as const)[[o, t, p, k].indexOf('refuses')];
    if (!firstRefusal) {
      expect(decision).toEqual({ allowed: true });
    } else {
      expect(decision.allowed).toBe(false);
      expect(decision.deniedBy).toBe(firstRefusal);
    }
  });

  it("names the refusing layer and its patterns in the reason", () => {
    expect(decideModelAccess(rules({ team: ['mock/*', 'fast'] }), MODEL)).toEqual({
      allowed: false,
      deniedBy: 'team',
      reason: 'Model "openai/gpt-4o" is not among the team\'s allowed models (mock/*, fast)',
    });
  });

  it('lists every refusing layer, outermost first', () => {
    expect(denyingLayers(rules({ org: allow, team: deny, project: deny, key: deny }), MODEL)).toEqual(['team', 'project', 'key']);
    expect(denyingLayers(rules({}), MODEL)).toEqual([]);
  });

  it('ignores the project layer for keys without a project', () => {
    expect(decideModelAccess(rules({ project: null, key: allow }), MODEL)).toEqual({ allowed: true });
  });
});

describe('GatewayModelAccessPolicy', () => {
  const row: CredentialRow = {
    id: '01900000-0000-7000-8000-0000000000aa',
    orgId: 'acme',
    kind: 'virtual',
    teamId: '01900000-0000-7000-8000-0000000000bb',
    projectId: null,
    userId: null,
    allowedModels: ['mock/*'],
    metadata: {},
    tags: [],
    expiresAt: null,
    revokedAt: null,
    orgModels: [],
    teamModels: [],
    projectModels: null,
    memberships: [],
  };
  let authenticator: jest.Mocked<KeyAuthenticator>;
  let policy: GatewayModelAccessPolicy;
  let credential: ResolvedCredential;

  beforeEach(() => {
    authenticator = mockOf(KeyAuthenticator);
    policy = new GatewayModelAccessPolicy(authenticator);
    credential = resolveCredential(row);
  });

  it('decides synchronously for a principal the guard attached', () => {
    authenticator.credentialOf.mockReturnValue(credential);
    expect(policy.check(credential.principal, 'mock/gpt-4o-mini')).toEqual({ allowed: true });
    expect(policy.check(credential.principal, 'openai/gpt-4o')).toMatchObject({ allowed: false, deniedBy: 'key' });
    expect(authenticator.credentialById).not.toHaveBeenCalled();
  });

  it('looks up a principal it has not seen by key id', async () => {
    authenticator.credentialOf.mockReturnValue(undefined);
    authenticator.credentialById.mockResolvedValue(credential);
    await expect(policy.check({ ...credential.principal }, 'mock/x')).resolves.toEqual({ allowed: true });
    expect(authenticator.credentialById).toHaveBeenCalledWith('acme', row.id);
  });

  it('refuses everything for a key that is gone', async () => {
    authenticator.credentialOf.mockReturnValue(undefined);
    authenticator.credentialById.mockResolvedValue(undefined);
    await expect(policy.check({ ...credential.principal }, 'mock/x')).resolves.toMatchObject({ allowed: false, deniedBy: 'key' });
    await expect(policy.filter({ ...credential.principal }, ['mock/x'])).resolves.toEqual([]);
  });

  it('lets an alias through when a layer allows either the alias or the model it resolves to', () => {
    authenticator.credentialOf.mockReturnValue(credential);
    expect(policy.check(credential.principal, 'fast', 'mock/gpt-4o-mini')).toEqual({ allowed: true });
    expect(policy.check(credential.principal, 'fast')).toMatchObject({ allowed: false, deniedBy: 'key' });
    const aliasOnly = resolveCredential({ ...row, allowedModels: ['fast'] });
    authenticator.credentialOf.mockReturnValue(aliasOnly);
    expect(policy.check(aliasOnly.principal, 'fast', 'mock/gpt-4o-mini')).toEqual({ allowed: true });
    expect(policy.check(aliasOnly.principal, 'mock/gpt-4o-mini')).toMatchObject({ allowed: false });
  });

  it('filters aliases by what they resolve to', () => {
    authenticator.credentialOf.mockReturnValue(credential);
    const resolve = (m: string) => ({ fast: 'mock/gpt-4o-mini', smart: 'openai/gpt-4o' })[m];
    expect(policy.filter(credential.principal, ['fast', 'smart', 'mock/a'], resolve)).toEqual(['fast', 'mock/a']);
  });

  it('filters a model list down to what the key may call', () => {
    authenticator.credentialOf.mockReturnValue(credential);
    expect(policy.filter(credential.principal, ['mock/a', 'openai/gpt-4o', 'mock/b'])).toEqual(['mock/a', 'mock/b']);
  });
});
