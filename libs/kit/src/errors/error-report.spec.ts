import { fingerprintOf, parseStack, redactSecrets, scrubMessage, summariseError } from './error-report';

const ROOT = '/srv/app';

/** A V8 stack as a failure at `line` of the repository's find() would print it. */
const stackAt = (message: string, line: number, caller = 'QueryEntriesUseCase.execute') =>
  [
    `QueryFailedError: ${message}`,
    `    at PostgresQueryRunner.query (${ROOT}/node_modules/typeorm/driver/postgres/PostgresQueryRunner.js:219:19)`,
    '    at process.processTicksAndRejections (node:internal/process/task_queues:105:5)',
    `    at async AuditRepository.find (${ROOT}/services/observability/src/audit/audit.repository.ts:${line}:7)`,
    `    at async ${caller} (${ROOT}/services/observability/src/audit/query-entries/query-entries.usecase.ts:${line + 40}:20)`,
    `    at async ${ROOT}/node_modules/@nestjs/core/router/router-execution-context.js:46:28`,
  ].join('\n');

const errorWith = (message: string, stack: string): Error => Object.assign(new Error(message), { name: 'QueryFailedError', stack });

describe('error reports', () => {
  describe('fingerprintOf', () => {
    it('groups the same failure from the same place whatever its message and line numbers', () => {
      const a = summariseError(errorWith('relation "audit_entries" does not exist (org-1)', stackAt('x', 120)), 'observability', ROOT);
      const b = summariseError(errorWith('relation "audit_entries" does not exist (org-2, id 7f3a)', stackAt('y', 131)), 'observability', ROOT);
      expect(a.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(b.fingerprint).toBe(a.fingerprint);
    });

    it('tells apart the same error raised on behalf of another caller', () => {
      const a = summariseError(errorWith('boom', stackAt('boom', 120)), 'observability', ROOT);
      const b = summariseError(errorWith('boom', stackAt('boom', 120, 'ExportEntriesUseCase.execute')), 'observability', ROOT);
      expect(b.fingerprint).not.toBe(a.fingerprint);
    });

    it('tells apart services and error names', () => {
      const frames = parseStack(stackAt('boom', 1), ROOT);
      const fp = fingerprintOf('observability', 'QueryFailedError', frames);
      expect(fingerprintOf('budget', 'QueryFailedError', frames)).not.toBe(fp);
      expect(fingerprintOf('observability', 'TypeError', frames)).not.toBe(fp);
    });

    it('is made of in-app frames only: a different dependency version does not split a group', () => {
      const other = stackAt('boom', 120).replace('PostgresQueryRunner.js:219:19', 'PostgresQueryRunner.js:250:3').replace('typeorm/driver', 'typeorm/lib/driver');
      expect(summariseError(errorWith('boom', other), 's', ROOT).fingerprint).toBe(summariseError(errorWith('boom', stackAt('boom', 120)), 's', ROOT).fingerprint);
    });
  });

  describe('parseStack', () => {
    it('keeps frames only, with paths relative to the app root and dependencies from node_modules', () => {
      const frames = parseStack(stackAt('secret message', 120), ROOT);
      expect(frames.map((f) => [f.fn, f.file, f.inApp])).toEqual([
        ['PostgresQueryRunner.query', 'node_modules/typeorm/driver/postgres/PostgresQueryRunner.js', false],
        ['process.processTicksAndRejections', 'node:internal/process/task_queues', false],
        ['AuditRepository.find', 'services/observability/src/audit/audit.repository.ts', true],
        ['QueryEntriesUseCase.execute', 'services/observability/src/audit/query-entries/query-entries.usecase.ts', true],
        ['<anonymous>', 'node_modules/@nestjs/core/router/router-execution-context.js', false],
      ]);
      const summary = summariseError(errorWith('secret message', stackAt('secret message', 120)), 's', ROOT);
      expect(summary.stack[2]).toBe('at AuditRepository.find (services/observability/src/audit/audit.repository.ts:120:7)');
      expect(summary.stack.join('\n')).not.toContain(ROOT);
      expect(summary.stack.join('\n')).not.toContain('secret message');
    });

    it('never shows where the app is installed, even for a file outside its root', () => {
      const frames = parseStack('Error: x\n    at f (/home/deploy/other/place/file.js:1:2)', ROOT);
      expect(frames[0].file).toBe('place/file.js');
    });
  });

  describe('scrubMessage', () => {
    /** [what, how it appears in a message, the part that must never survive] */
    const secrets: Array<[string, string, string]> = [
      ['an OpenAI key', 'sk-proj-Abc123def456ghi789jkl012mno345', 'Abc123def456ghi789'],
      ['a bearer token', 'Bearer opaque-token-0123456789abcdef', 'opaque-token-0123'],
      ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0'],
      ['an admin key', 'ic-admin-9vU2pQx7LrT4mW8zK1nB3cY6dF0hJ5sA', '9vU2pQx7LrT4mW8z'],
      ['a password in a URL', 'postgres://admin:hunter2pw@db:5432/ironcage', 'hunter2pw'],
      ['a long hex string', 'a3f1c9e27b4d8f60a3f1c9e27b4d8f60a3f1c9e27b4d8f60', 'a3f1c9e27b4d8f60'],
      ['a long base64 string', 'QUtJQUlPU0ZPRE5ON0VYQU1QTEUvd0phbHJYVXRuRkVNSS9LN01ERU5HL2JQeFJmaUNZRVhBTVBMRUtFWQ==', 'QUtJQUlPU0ZPRE5ON0VY'],
      ['a password pair', 'password=correct-horse-battery', 'correct-horse'],
      ['an AWS access key id', 'AKIAIOSFODNN7EXAMPLE', 'IOSFODNN7EXAMPLE'],
    ];

    it.each(secrets)('never lets %s through', (_what, text, secret) => {
      const scrubbed = scrubMessage(`call failed: ${text} (while saving)`);
      expect(scrubbed).toContain('[REDACTED]');
      expect(scrubbed).toMatch(/^call failed: .* \(while saving\)$/);
      expect(scrubbed).not.toContain(secret);
    });

    it('never lets a secret through a whole report either', () => {
      const err = errorWith(`upstream refused key ${secrets[0][1]} with ${secrets[1][1]}`, stackAt('x', 1));
      const report = JSON.stringify(summariseError(err, 's', ROOT));
      expect(report).not.toContain('Abc123def456');
      expect(report).not.toContain('opaque-token');
    });

    it('keeps an ordinary message as it is, on one line, and caps a long one', () => {
      expect(scrubMessage('relation "audit_entries"\n  does not exist')).toBe('relation "audit_entries" does not exist');
      expect(redactSecrets('org-1 key-2 budget 42')).toBe('org-1 key-2 budget 42');
      const long = scrubMessage('x '.repeat(5000));
      expect(long.length).toBe(1024);
      expect(long.endsWith('…')).toBe(true);
    });
  });
});
