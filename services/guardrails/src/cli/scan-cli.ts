// Batch scanner: JSON lines {"text": "..."} on stdin, one JSON line per input on stdout:
//   {"injection":{"detected":bool,"score":0..1},"pii":[{"type","start","end"}],"secrets":[{"type","start","end"}]}
// Offsets are UTF-16 code units. A line that cannot be scanned yields {"error":"..."} and
// the run goes on. Input is streamed line by line; stdout carries nothing else.
//   node -r @swc-node/register services/guardrails/src/cli/scan-cli.ts [--scanners=injection,pii,secrets] < in.jsonl
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createScanEngine, Finding, ScanEngine, ScannerName } from '../scanners';

const SCANNERS: readonly ScannerName[] = ['injection', 'pii', 'secrets'];

export function parseScanners(argv: readonly string[]): ScannerName[] {
  const arg = argv.find((a) => a.startsWith('--scanners='));
  if (!arg) return [...SCANNERS];
  const wanted = arg.slice('--scanners='.length).split(',').map((s) => s.trim()).filter(Boolean);
  for (const w of wanted) if (!SCANNERS.includes(w as ScannerName)) throw new Error(`unknown scanner ${w}`);
  return wanted as ScannerName[];
}

const span = (f: Finding) => ({ type: f.type, start: f.start, end: f.end });

/** One output line (without newline) for one input line. */
export function scanLine(engine: ScanEngine, line: string, scanners: readonly ScannerName[]): string {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch {
    return JSON.stringify({ error: 'invalid JSON' });
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return JSON.stringify({ error: 'expected a JSON object with a "text" field' });
  const text = (input as { text?: unknown }).text;
  if (typeof text !== 'string') return JSON.stringify({ error: '"text" must be a string' });
  try {
    const r = engine.scan(text, { scanners });
    return JSON.stringify({ injection: { detected: r.injection.detected, score: Number(r.injection.score.toFixed(6)) }, pii: r.pii.map(span), secrets: r.secrets.map(span) });
  } catch (err) {
    return JSON.stringify({ error: `scan failed: ${err instanceof Error ? err.message : String(err)}` });
  }
}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const scanners = parseScanners(argv);
  const engine = createScanEngine({ scanners });
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    // the reader went away (e.g. `| head`): stop quietly
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!process.stdout.write(scanLine(engine, line, scanners) + '\n')) await once(process.stdout, 'drain');
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`guardrails scan: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  });
}
