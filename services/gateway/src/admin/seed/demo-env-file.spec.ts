import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnvFile, updateEnvFile } from './demo-env-file';

describe('demo env file', () => {
  const file = () => join(mkdtempSync(join(tmpdir(), 'demo-env-')), 'demo.env');

  it('replaces the given variables, keeps every other line and appends what is new', () => {
    const f = file();
    writeFileSync(f, '# generated\nIRONCAGE_ADMIN_KEY=ic-admin-x\nIRONCAGE_API_KEY=old\n');
    updateEnvFile(f, { IRONCAGE_API_KEY: 'sk-ic-new', IRONCAGE_ORG_ADMIN_KEY: 'sk-ic-admin-new' });
    expect(readFileSync(f, 'utf8')).toBe('# generated\nIRONCAGE_ADMIN_KEY=ic-admin-x\nIRONCAGE_API_KEY=sk-ic-new\nIRONCAGE_ORG_ADMIN_KEY=sk-ic-admin-new\n');
    expect(readEnvFile(f)).toEqual({ IRONCAGE_ADMIN_KEY: 'ic-admin-x', IRONCAGE_API_KEY: 'sk-ic-new', IRONCAGE_ORG_ADMIN_KEY: 'sk-ic-admin-new' });
  });

  it('is readable by its owner only', () => {
    const f = file();
    updateEnvFile(f, { A: 'b' });
    expect(statSync(f).mode & 0o777).toBe(0o600);
  });

  it('reads a missing file as empty', () => {
    expect(readEnvFile(join(tmpdir(), 'does-not-exist.env'))).toEqual({});
  });
});
