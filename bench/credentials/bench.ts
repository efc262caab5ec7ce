/**
 * Credentials benchmark, two sections (each prints a table):
 *
 *  1. `credentials.lease` latency and throughput against a real credentials process, and a
 *     rotation under lease load (lease-bench.ts);
 *  2. the gateway serving chat completions with keys leased from the credentials service
 *     (GATEWAY_CREDENTIALS=lease, `--gateways` replicas), an automatic rotation of the provider key
 *     during sustained traffic: requests, failures by status, old key vs new key as seen by the
 *     fake provider, latency before / during / after, rotation duration (gateway-bench.ts).
 *
 * Exits 1 when any lease or request failed, the provider refused a key, or the rotation did not
 * complete and revoke the old key at the provider (each failing section is named on stderr).
 *
 *   npx nx run-many -t build --projects=gateway,credentials
 *   source infra/local/env.sh
 *   node -r @swc-node/register bench/credentials/bench.ts [--seconds 10] [--concurrency 32] [--gateways 2]
 *        [--lease-ttl 10] [--grace 10] [--upstream-delay-ms 0] [--warm-up 5] [--only lease|gateway]
 */
import { cpus } from 'node:os';
import { Logger } from '@nestjs/common';
import { runGatewayBench } from './gateway-bench';
import { runLeaseBench } from './lease-bench';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} needs a number, got ${process.argv[i + 1]}`);
  return v;
}
const only = (() => {
  const i = process.argv.indexOf('--only');
  const v = i < 0 ? undefined : process.argv[i + 1];
  if (v !== undefined && v !== 'lease' && v !== 'gateway') throw new Error('--only takes lease or gateway');
  return v;
})();

async function main(): Promise<string[]> {
  Logger.overrideLogger(['warn', 'error']); // the test harness's bus connection logs at info
  const seconds = arg('seconds', 10);
  const concurrency = Math.max(1, Math.floor(arg('concurrency', 32)));
  const gateways = Math.max(1, Math.floor(arg('gateways', 2)));
  const leaseTtlSeconds = arg('lease-ttl', 10);
  const graceSeconds = arg('grace', leaseTtlSeconds);
  const upstreamDelayMs = arg('upstream-delay-ms', 0);
  const warmUpSeconds = arg('warm-up', 5);
  console.log(`credentials benchmark — ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  const problems: string[] = [];
  if (only !== 'gateway') {
    const n = await runLeaseBench({ seconds, concurrency });
    if (n > 0) problems.push(`section 1 (credentials.lease): ${n} failed lease(s) or leased key(s) the provider refused`);
  }
  if (only !== 'lease') {
    const n = await runGatewayBench({ seconds, concurrency, gateways, leaseTtlSeconds, graceSeconds, upstreamDelayMs, warmUpSeconds });
    if (n > 0) problems.push(`section 2 (gateway): ${n} failed request(s), request(s) the provider refused, or a rotation that did not complete / revoke`);
  }
  return problems;
}

main().then(
  (problems) => {
    for (const p of problems) console.error(`\nFAILED ${p}`);
    process.exit(problems.length > 0 ? 1 : 0);
  },
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
