import { parsePolicy, PolicyInvalidError } from './parse-policy';
import { DEFAULT_POLICY_YAML } from './policy-document';

const details = (yaml: string) => {
  try {
    parsePolicy(yaml);
  } catch (e) {
    if (e instanceof PolicyInvalidError) return e.details;
    throw e;
  }
  throw new Error('expected the policy to be refused');
};

describe('parsePolicy', () => {
  it('fills every default of a minimal document', () => {
    const { document, sha256 } = parsePolicy('version: 1\n');
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(document.failMode).toBe('closed');
    expect(document.input.injection).toEqual({ enabled: true, action: 'block' });
    expect(document.input.pii.modes).toEqual({ default: 'tokenize' });
    expect(document.output.injection.enabled).toBe(false);
    expect(document.output.secrets.modes.default).toBe('placeholder');
    expect(document.tools).toMatchObject({ default: 'deny', rules: [], approvalTimeoutSeconds: 900 });
  });

  it('keeps the direction default mode under per-type modes', () => {
    const { document } = parsePolicy('version: 1\ninput:\n  pii:\n    modes: { US_SSN: block }\n');
    expect(document.input.pii.modes).toEqual({ default: 'tokenize', US_SSN: 'block' });
  });

  it('accepts the built-in default policy', () => {
    expect(parsePolicy(DEFAULT_POLICY_YAML).document.description).toMatch(/default/i);
  });

  it('names the field and the line of a value outside its enum', () => {
    const d = details('version: 1\ninput:\n  pii:\n    action: scramble\n');
    expect(d).toEqual([{ path: 'input.pii.action', message: expect.stringMatching(/^line 4, column 13: .*redact/) }]);
  });

  it('names an unknown field where it is written (a typo never passes silently)', () => {
    const d = details('version: 1\ninput:\n  secrets:\n    enabeld: false\n');
    expect(d).toEqual([{ path: 'input.secrets.enabeld', message: 'line 4, column 5: unknown field "enabeld"' }]);
  });

  it('reports every problem at once', () => {
    const d = details('version: 2\nfailMode: maybe\ntools:\n  rules:\n    - tools: "sql.*"\n      risk: extreme\n');
    expect(d.map((x) => x.path)).toEqual(['version', 'failMode', 'tools.rules[0].risk']);
    expect(d[2].message).toMatch(/^line 6, column 13:/);
  });

  it('points at a YAML syntax error', () => {
    const d = details('version: 1\ninput: [unclosed\n');
    expect(d[0].path).toBe('policy');
    expect(d[0].message).toMatch(/^line \d+, column \d+: /);
  });

  it('refuses a duplicated key', () => {
    expect(details('version: 1\nfailMode: open\nfailMode: closed\n')[0].message).toMatch(/line 3/);
  });

  it('refuses a document that is not a mapping', () => {
    expect(details('- version: 1\n')).toEqual([{ path: 'policy', message: expect.stringMatching(/mapping/) }]);
  });

  it('refuses a JSON Schema that does not compile, at the rule that holds it', () => {
    const d = details('version: 1\ntools:\n  rules:\n    - tools: fs.read\n      arguments: { type: object, properties: { path: { type: strnig } } }\n');
    expect(d).toEqual([{ path: 'tools.rules[0].arguments', message: expect.stringMatching(/^line 5, column 18: is not a valid JSON Schema/) }]);
  });

  it('refuses a path root that is not absolute', () => {
    const d = details('version: 1\ntools:\n  rules:\n    - tools: fs.*\n      validate: { path: { arguments: [path], roots: [data] } }\n');
    expect(d[0].path).toBe('tools.rules[0].validate.path.roots[0]');
  });

  it('refuses a very large document', () => {
    expect(details(`version: 1\ndescription: "${'x'.repeat(300_000)}"\n`)[0].message).toMatch(/larger than/);
  });
});
