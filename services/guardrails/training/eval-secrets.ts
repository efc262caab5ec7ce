/* eslint-disable no-console */
// Secret rules: how many, by family, and how often they fire on the prompt data sets
// (3,773 prompts + 977 translated attacks, none of which should contain a credential).
//   node -r @swc-node/register services/guardrails/training/eval-secrets.ts
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AI_RULES, CLOUD_RULES, DEVTOOLS_RULES, GENERIC_RULES, SAAS_RULES, SECRET_RULES } from '../src/scanners/secrets/rules';
import { SecretScanner } from '../src/scanners/secrets/secret-scanner';
import { datasetsDir } from './lib/dataset';

const families: Array<[string, number]> = [
  ['AI / LLM providers', AI_RULES.length],
  ['cloud and hosting', CLOUD_RULES.length],
  ['source hosting, registries, CI, observability', DEVTOOLS_RULES.length],
  ['messaging, payments, SaaS', SAAS_RULES.length],
  ['private keys, JWT, connection URLs, generic', GENERIC_RULES.length],
];
console.log(`secret rules: ${SECRET_RULES.length} (${new Set(SECRET_RULES.map((r) => r.provider)).size} providers, ${SECRET_RULES.filter((r) => r.validate).length} with a validator)`);
for (const [name, n] of families) console.log(`  ${name.padEnd(48)} ${n}`);

const scanner = new SecretScanner();
const dir = join(datasetsDir(), 'prompt-injection');
const texts = ['train.jsonl', 'multilingual-attacks.jsonl'].flatMap((f) =>
  readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text),
);
let hits = 0;
const byRule = new Map<string, number>();
const t0 = performance.now();
for (const t of texts) {
  for (const f of scanner.scan(t)) {
    hits++;
    byRule.set(f.type, (byRule.get(f.type) ?? 0) + 1);
  }
}
const ms = performance.now() - t0;
const mb = texts.reduce((n, t) => n + t.length, 0) / 1e6;
console.log(`\nfindings on ${texts.length} prompts without credentials (false positives): ${hits} ${JSON.stringify(Object.fromEntries(byRule))}`);
console.log(`scanned ${mb.toFixed(1)} M characters in ${ms.toFixed(0)} ms`);
