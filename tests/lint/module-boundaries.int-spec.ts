import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createProjectGraphAsync } from '@nx/devkit';

const root = join(__dirname, '..', '..');

/** Lints `code` as if it were the file at `filePath`, with the repository's real ESLint config. */
async function lint(code: string, filePath: string): Promise<string[]> {
  const eslint = join(root, 'node_modules', '.bin', 'eslint');
  const run = spawnSync(eslint, ['--stdin', '--stdin-filename', filePath, '--format', 'json'], { cwd: root, input: code, encoding: 'utf8' });
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  beforeAll(async () => {
    // the rule reads the Nx project graph; make sure it exists
    await createProjectGraphAsync({ exitOnError: false });
  });

  it('forbids a service from importing another service by its package name', async () => {
    const errors = await lint(`import { gatewayService } from '@ironcage/gateway';\nexport const x = gatewayService;\n`, 'services/sandbox/src/probe.ts');
    expect(errors).toEqual([expect.stringContaining('Imports of apps are forbidden')]);
  });

  it('forbids reaching into another service by a relative path', async () => {
    const errors = await lint(`import { gatewayConfigSchema } from '../../gateway/src/config';\nexport const x = gatewayConfigSchema;\n`, 'services/sandbox/src/probe.ts');
    expect(errors.length).toBeGreaterThan(0);
  });

  it('forbids a lib from depending on a service', async () => {
    const errors = await lint(`import { observabilityService } from '@ironcage/observability';\nexport const x = observabilityService;\n`, 'libs/kit/src/probe.ts');
    expect(errors.length).toBeGreaterThan(0);
  });

  it('lets a service use the shared libs through their package roots', async () => {
    const errors = await lint(`import { EVENTS } from '@ironcage/contracts';\nimport { loadConfig } from '@ironcage/kit';\nexport const x = [EVENTS, loadConfig];\n`, 'services/sandbox/src/probe.ts');
    expect(errors).toEqual([]);
  });
});
