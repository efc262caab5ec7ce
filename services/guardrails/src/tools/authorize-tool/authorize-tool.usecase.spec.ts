import { FakeApprovals, FakeEvents, FakePolicies, newMetrics, newVaultStore, policyFrom, testEngine } from '../../testing/scan-fixtures';
import { ScanTextsUseCase } from '../../scan/scan-texts/scan-texts.usecase';
import type { Resolver } from '../validators/url.validator';
import { AuthorizeToolUseCase } from './authorize-tool.usecase';

const POLICY = `
version: 1
tools:
  default: deny
  approvalAtRisk: high
  approvalTimeoutSeconds: 120
  rules:
    - tools: "shell.*"
      action: deny
      reason: no shells for agents
    - tools: ["db.query", "db.explain"]
      risk: medium
      arguments:
        type: object
        required: [sql]
        properties: { sql: { type: string, maxLength: 2000 }, limit: { type: integer, maximum: 1000 } }
        additionalProperties: false
      validate: { sql: { arguments: [sql] } }
    - tools: fs.read
      validate: { path: { arguments: [path], roots: [/srv/data] } }
    - tools: http.get
      validate: { url: { arguments: [url] } }
    - tools: "payments.*"
      risk: critical
    - tools: "deploy.*"
      action: require_approval
      risk: medium
    - tools: "search.*"
`;

describe('AuthorizeToolUseCase', () => {
  let policies: FakePolicies;
  let events: FakeEvents;
  let approvals: FakeApprovals;
  let authorize: AuthorizeToolUseCase;
  const vaults = newVaultStore();
  const resolve: Resolver = async (host) => (host === 'api.example.com' ? ['93.184.216.34'] : ['10.0.0.8']);
  const call = (tool: string, args: Record<string, unknown>, principal = { keyId: 'k1', agentId: 'bot-1' }) =>
    authorize.execute({ requestId: 'req-t', orgId: 'org-1', principal, tool, arguments: args });

  beforeEach(() => {
    policies = new FakePolicies();
    policies.policy = policyFrom(POLICY);
    events = new FakeEvents();
    approvals = new FakeApprovals();
    const texts = new ScanTextsUseCase(testEngine(), policies.asCache(), vaults, events.asEvents(), approvals.asRequester(), newMetrics());
    authorize = new AuthorizeToolUseCase(texts, approvals.asRequester(), events.asEvents(), testEngine(), resolve, newMetrics());
  });
  afterAll(() => vaults.onModuleDestroy());

  it('allows a tool whose rule matches and whose arguments pass every check', async () => {
    expect(await call('db.query', { sql: 'SELECT id FROM orders WHERE id = 7', limit: 10 })).toMatchObject({ decision: 'allow', ruleId: 'tools.rules[1]', risk: 'medium', violations: [] });
    expect(await call('search.web', { q: 'weather' })).toMatchObject({ decision: 'allow', ruleId: 'tools.rules[6]' });
    expect(events.violations).toEqual([]);
  });

  it('denies a tool no rule matches, by the default', async () => {
    expect(await call('email.send', {})).toMatchObject({ decision: 'deny', ruleId: 'tools.default' });
    expect(events.violations[0].data).toMatchObject({ direction: 'tool', scanner: 'tools', action: 'block', tool: 'email.send', ruleId: 'tools.default' });
  });

  it('denies by a deny rule with its reason (globs match)', async () => {
    expect(await call('shell.exec', { cmd: 'ls' })).toMatchObject({ decision: 'deny', reason: 'no shells for agents', ruleId: 'tools.rules[0]' });
  });

  it('denies arguments that break the JSON Schema, naming each', async () => {
    const r = await call('db.query', { sql: 42, limit: 5000, extra: true });
    expect(r.decision).toBe('deny');
    expect(r.violations.map((v) => [v.check, v.path])).toEqual(
      expect.arrayContaining([
        ['schema', 'arguments.sql'],
        ['schema', 'arguments.limit'],
        ['schema', 'arguments'],
      ]),
    );
  });

  it.each([
    ['db.query', { sql: "SELECT * FROM users WHERE name = '' OR '1'='1'" }, 'sql', /always true/],
    ['db.query', { sql: 'SELECT 1; DROP TABLE users' }, 'sql', /stacks/],
    ['db.explain', { sql: 'DELETE FROM users' }, 'sql', /writes/],
    ['fs.read', { path: '../../../etc/passwd' }, 'path', /outside/],
    ['http.get', { url: 'http://169.254.169.254/latest/meta-data/iam/' }, 'url', /metadata/],
    ['http.get', { url: 'https://intranet.example.com/' }, 'url', /10\.0\.0\.8 is a private/],
  ])('denies %s with a parameter that fails the %s check', async (tool, args, check, why) => {
    const r = await call(tool, args);
    expect(r.decision).toBe('deny');
    expect(r.violations[0]).toMatchObject({ check: check as string, message: expect.stringMatching(why as RegExp) });
    expect(r.reason).toMatch(/argument check/);
  });

  it('holds a tool at or above the approval risk, with a redacted preview of its arguments', async () => {
    const r = await call('payments.refund', { orderId: 'o-1', note: 'refund to ana@example.com, key AKIAIOSFODNN7EXAMPLE' });
    expect(r).toMatchObject({ decision: 'require_approval', risk: 'critical', approvalId: 'appr-1', expiresAt: expect.any(String) });
    const held = approvals.requests[0];
    expect(held).toMatchObject({ kind: 'tool', tool: 'payments.refund', timeoutSeconds: 120, orgId: 'org-1' });
    expect(held.argumentsPreview).toContain('[EMAIL_ADDRESS_1]');
    expect(held.argumentsPreview).not.toContain('ana@example.com');
    expect(held.argumentsPreview).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(events.violations[0].data).toMatchObject({ action: 'require_approval', approvalId: 'appr-1', severity: 'critical' });
  });

  it('holds a tool whose rule requires approval whatever its risk', async () => {
    expect((await call('deploy.prod', { service: 'api' })).decision).toBe('require_approval');
  });

  it('checks parameters before asking anyone to approve', async () => {
    policies.policy = policyFrom('version: 1\ntools:\n  rules:\n    - tools: db.admin\n      action: require_approval\n      validate: { sql: { arguments: [sql] } }\n');
    expect((await call('db.admin', { sql: 'DROP TABLE users' })).decision).toBe('deny');
    expect(approvals.requests).toEqual([]);
  });
});
