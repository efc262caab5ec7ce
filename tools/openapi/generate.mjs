#!/usr/bin/env node
// Writes docs/openapi/<service>.json for every service with a REST surface, from the built
// services (`node services/<svc>/dist/main.js openapi`, which starts no infrastructure).
// --check exits 1 when a committed document differs from what the code generates.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const check = process.argv.includes('--check');
const outDir = join(root, 'docs', 'openapi');
// Placeholder values: `openapi` validates config but connects to nothing.
const env = {
  PATH: process.env.PATH,
  PORT: '1',
  DATABASE_URL: 'postgres://openapi@127.0.0.1:1/openapi',
  NATS_URL: 'nats://127.0.0.1:1',
  IRONCAGE_ADMIN_KEY: 'openapi-generation-placeholder-key',
  LOG_LEVEL: 'silent',
};
let stale = 0;
for (const service of readdirSync(join(root, 'services')).sort()) {
  const main = join(root, 'services', service, 'dist', 'main.js');
  if (!existsSync(main)) {
    process.stderr.write(`services/${service} is not built; run the build first\n`);
    process.exit(2);
  }
  let text;
  try {
    text = execFileSync(process.execPath, [main, 'openapi'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    if (String(e.stdout ?? '').includes('has no REST surface') || String(e.stderr ?? '').includes('has no REST surface')) continue;
    const logs = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    if (logs.includes('has no REST surface')) continue;
    process.stderr.write(`${service}: ${logs}\n`);
    process.exit(1);
  }
  const file = join(outDir, `${service}.json`);
  if (check) {
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (current !== text) {
      process.stderr.write(`docs/openapi/${service}.json is stale: run \`npm run openapi:generate\` and commit it\n`);
      stale++;
    }
  } else {
    writeFileSync(file, text);
    process.stdout.write(`wrote docs/openapi/${service}.json\n`);
  }
}
if (check && stale === 0) process.stdout.write('docs/openapi is up to date\n');
process.exit(stale ? 1 : 0);
