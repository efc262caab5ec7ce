#!/usr/bin/env node
// Builds one service: SWC transpiles src/ to dist/ (type checking is the separate `typecheck`
// target), then, when the service has Temporal workflows, bundles them into dist/workflow-bundle.js
// so workers never run webpack at start-up.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const name = process.argv[2];
const root = resolve(import.meta.dirname, '..', '..');
const dir = join(root, 'services', name);
if (!name || !existsSync(dir)) {
  process.stderr.write(`usage: build-service.mjs <service>  (no services/${name})\n`);
  process.exit(2);
}
rmSync(join(dir, 'dist'), { recursive: true, force: true });
const swc = join(root, 'node_modules', '.bin', 'swc');
execFileSync(swc, [join(dir, 'src'), '-d', join(dir, 'dist'), '--strip-leading-paths', '--ignore', '**/*.spec.ts,**/*.int-spec.ts', '-q'], { stdio: 'inherit', cwd: root });
const workflows = join(dir, 'src', 'workflows', 'index.ts');
if (existsSync(workflows)) {
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const { writeFileSync } = await import('node:fs');
  const { code } = await bundleWorkflowCode({ workflowsPath: workflows, logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } });
  writeFileSync(join(dir, 'dist', 'workflow-bundle.js'), code);
}
