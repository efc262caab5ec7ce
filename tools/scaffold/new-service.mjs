#!/usr/bin/env node
// Scaffolds a service under services/<name>: Nx project, config schema, root module, entry point.
// Usage: node tools/scaffold/new-service.mjs <name> "<one-line purpose>" <default-port>
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [name, purpose, port] = process.argv.slice(2);
if (!name || !/^[a-z][a-z0-9-]*$/.test(name) || !purpose || !/^\d{2,5}$/.test(port ?? '')) {
  process.stderr.write('usage: new-service.mjs <kebab-name> "<purpose>" <default-port>\n');
  process.exit(2);
}
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = join(root, 'services', name);
if (existsSync(dir)) {
  process.stderr.write(`services/${name} already exists\n`);
  process.exit(1);
}
const pascal = name.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase());
const camel = pascal[0].toLowerCase() + pascal.slice(1);
const files = {
  'package.json': JSON.stringify(
    { name: `@ironcage/${name}`, version: '0.1.0', private: true, main: 'dist/main.js', dependencies: { '@ironcage/contracts': '*', '@ironcage/bus': '*', '@ironcage/kit': '*' } },
    null,
    2,
  ),
  'project.json': JSON.stringify(
    {
      name,
      $schema: '../../node_modules/nx/schemas/project-schema.json',
      sourceRoot: `services/${name}/src`,
      projectType: 'application',
      tags: ['type:service', `scope:${name}`],
      targets: {
        build: { executor: 'nx:run-commands', options: { command: `node tools/build/build.mjs services/${name}` } },
        typecheck: { executor: 'nx:run-commands', options: { command: `tsc -p services/${name}/tsconfig.json` } },
        lint: { executor: 'nx:run-commands', options: { command: `eslint services/${name}` } },
        serve: { executor: 'nx:run-commands', dependsOn: ['build'], options: { command: `node services/${name}/dist/main.js` } },
        'db:migrate': { executor: 'nx:run-commands', dependsOn: ['build'], options: { command: `node services/${name}/dist/main.js migrate` } },
        openapi: { executor: 'nx:run-commands', dependsOn: ['build'], options: { command: `node services/${name}/dist/main.js openapi` } },
      },
    },
    null,
    2,
  ),
  'tsconfig.json': JSON.stringify(
    { extends: '../../tsconfig.base.json', compilerOptions: { noEmit: true, types: ['node', 'jest'] }, include: ['src/**/*.ts', 'test/**/*.ts'] },
    null,
    2,
  ),
  'src/config.ts': `import { baseConfigSchema } from '@ironcage/kit';
import { z } from 'zod';

/** ${pascal}'s environment: the platform's base variables plus its own (documented in README). */
export const ${camel}ConfigSchema = baseConfigSchema.extend({
  PORT: z.coerce.number().int().min(1).max(65535).default(${port}),
});
export type ${pascal}Config = z.infer<typeof ${camel}ConfigSchema>;
`,
  [`src/${name}.module.ts`]: `import { Module } from '@nestjs/common';

/** ${purpose} */
@Module({})
export class ${pascal}Module {}
`,
  'src/service.ts': `import type { ServiceDefinition } from '@ironcage/kit';
import { type ${pascal}Config, ${camel}ConfigSchema } from './config';
import { ${pascal}Module } from './${name}.module';

export const ${camel}Service: ServiceDefinition<${pascal}Config> = {
  name: '${name}',
  configSchema: ${camel}ConfigSchema,
  modules: () => [${pascal}Module],
};
`,
  'src/main.ts': `import { runService } from '@ironcage/kit';
import { ${camel}Service } from './service';

void runService(${camel}Service);
`,
};
for (const [file, text] of Object.entries(files)) {
  const path = join(dir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text.endsWith('\n') ? text : `${text}\n`);
}
process.stdout.write(`created services/${name}: add its port to infra/local/env.sh and a row to docs/architecture.md\n`);
