#!/usr/bin/env node
// Builds one project (a lib or a service): SWC transpiles <root>/src to <root>/dist (type checking
// is the separate `typecheck` target); a service with Temporal workflows also gets them bundled
// into dist/workflow-bundle.js, so its workers never run webpack at start-up.
// Usage: node tools/build/build.mjs libs/kit | services/observability
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const project = process.argv[2];
const dir = project ? join(root, project) : '';
if (!project || !existsSync(join(dir, 'src'))) {
  process.stderr.write(`usage: build.mjs <project root, e.g. libs/kit>  (no ${project}/src)\n`);
  process.exit(2);
}
rmSync(join(dir, 'dist'), { recursive: true, force: true });
execFileSync(
  join(root, 'node_modules', '.bin', 'swc'),
  ['src', '-d', 'dist', '--strip-leading-paths', '--config-file', join(root, '.swcrc'), '--ignore', '**/*.spec.ts,**/*.int-spec.ts,**/testing/**', '-q'],
  { stdio: 'inherit', cwd: dir },
);
const workflows = join(dir, 'src', 'workflows', 'index.ts');
if (existsSync(workflows)) {
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const quiet = { trace() {}, debug() {}, info() {}, log() {}, warn: (m) => process.stderr.write(`${m}\n`), error: (m) => process.stderr.write(`${m}\n`) };
  const { code } = await bundleWorkflowCode({ workflowsPath: workflows, logger: quiet });
  writeFileSync(join(dir, 'dist', 'workflow-bundle.js'), code);
}
