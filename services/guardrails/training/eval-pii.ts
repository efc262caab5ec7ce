/* eslint-disable no-console */
// Per-entity precision / recall / F1 of the PII scanner.
//   node -r @swc-node/register services/guardrails/training/eval-pii.ts            (Presidio synthetic v2)
//   node -r @swc-node/register services/guardrails/training/eval-pii.ts --phi      (our PHI synthetic set)
// --errors lists missed and spurious spans; --partial lists gold spans found only in part.
// Two views: token level (alphanumeric tokens labelled by the span covering them, the way
// presidio-research scores) and span level (a span counts when a same-type span overlaps it).
// --dev / --test restrict the Presidio set to even / odd rows (rules were tuned on even rows).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PiiScanner } from '../src/scanners/pii/pii-scanner';
import { Finding } from '../src/scanners/types';
import { datasetsDir } from './lib/dataset';
import { pct } from './lib/metrics';

interface Gold { type: string; start: number; end: number }
interface Row { text: string; spans: Gold[] }

function loadPresidio(): Row[] {
  const raw = JSON.parse(readFileSync(join(datasetsDir(), 'pii', 'presidio-synth-v2.json'), 'utf8')) as Array<{
    full_text: string;
    spans: Array<{ entity_type: string; start_position: number; end_position: number }>;
  }>;
  return raw.map((r) => ({ text: r.full_text, spans: r.spans.map((s) => ({ type: s.entity_type, start: s.start_position, end: s.end_position })) }));
}

function loadPhi(): Row[] {
  return readFileSync(join(__dirname, 'data', 'phi-synth.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row);
}

const args = process.argv.slice(2);
let rows = args.includes('--phi') ? loadPhi() : loadPresidio();
if (args.includes('--dev')) rows = rows.filter((_, i) => i % 2 === 0);
if (args.includes('--test')) rows = rows.filter((_, i) => i % 2 === 1);

const scanner = new PiiScanner();
const supported = new Set(['EMAIL_ADDRESS', 'PHONE_NUMBER', 'CREDIT_CARD', 'IBAN_CODE', 'US_SSN', 'IP_ADDRESS', 'US_PASSPORT', 'US_DRIVER_LICENSE',
  'DATE_TIME', 'STREET_ADDRESS', 'PERSON', 'MEDICAL_RECORD_NUMBER', 'US_NPI', 'US_DEA', 'ICD10_CODE', 'HEALTH_PLAN_ID']);
const goldTypes = new Set(rows.flatMap((r) => r.spans.map((s) => s.type)));
const types = [...goldTypes].filter((t) => supported.has(t)).sort();

type Counts = { tp: number; fp: number; fn: number };
const tok = new Map<string, Counts>();
const span = new Map<string, Counts & { gold: number; pred: number }>();
const c = <T extends Counts>(m: Map<string, T>, k: string, init: T) => (m.get(k) ?? (m.set(k, init), init));
let other = 0;
const errors: string[] = [];
const t0 = performance.now();
let ms = 0;
for (const row of rows) {
  const s0 = performance.now();
  const pred: Finding[] = scanner.scan(row.text);
  ms += performance.now() - s0;
  // token level
  const TOKEN = /[\p{L}\p{N}]+/gu;
  for (let m = TOKEN.exec(row.text); m; m = TOKEN.exec(row.text)) {
    const a = m.index, b = a + m[0].length;
    const g = row.spans.find((s) => s.start < b && a < s.end)?.type;
    const p = pred.find((s) => s.start < b && a < s.end)?.type;
    for (const t of types) {
      const k = c(tok, t, { tp: 0, fp: 0, fn: 0 });
      if (g === t && p === t) k.tp++;
      else if (p === t) k.fp++;
      else if (g === t) k.fn++;
    }
  }
  // span level
  for (const t of types) {
    const k = c(span, t, { tp: 0, fp: 0, fn: 0, gold: 0, pred: 0 });
    const gs = row.spans.filter((s) => s.type === t);
    const ps = pred.filter((s) => s.type === t);
    k.gold += gs.length;
    k.pred += ps.length;
    if (args.includes('--partial')) {
      // gold spans found only in part: the words the prediction left out
      for (const g of gs) {
        const over = ps.filter((p) => p.start < g.end && g.start < p.end);
        if (over.length === 0) continue;
        const missed = (row.text.slice(g.start, g.end).match(/[\p{L}\p{N}]+/gu) ?? []).length - over.reduce((n, p) => n + (row.text.slice(Math.max(p.start, g.start), Math.min(p.end, g.end)).match(/[\p{L}\p{N}]+/gu) ?? []).length, 0);
        if (missed > 0) errors.push(`PARTIAL ${t}: gold ${JSON.stringify(row.text.slice(g.start, g.end))} found ${over.map((p) => JSON.stringify(row.text.slice(p.start, p.end))).join(' + ')}`);
      }
    }
    for (const g of gs) if (ps.some((p) => p.start < g.end && g.start < p.end)) k.tp++; else { k.fn++; if (args.includes('--errors')) errors.push(`FN ${t}: ${JSON.stringify(row.text.slice(g.start, g.end))} in ${JSON.stringify(row.text.slice(Math.max(0, g.start - 30), g.end + 10))}`); }
    for (const p of ps) if (!gs.some((g) => p.start < g.end && g.start < p.end)) { k.fp++; if (args.includes('--errors')) errors.push(`FP ${t}: ${JSON.stringify(row.text.slice(p.start, p.end))} in ${JSON.stringify(row.text.slice(Math.max(0, p.start - 30), p.end + 10))}`); }
  }
  other += pred.filter((p) => !goldTypes.has(p.type)).length;
}

const f1 = (k: Counts) => {
  const p = k.tp / (k.tp + k.fp), r = k.tp / (k.tp + k.fn);
  return [p, r, (2 * p * r) / (p + r)];
};
console.log(`${rows.length} texts, ${rows.reduce((n, r) => n + r.spans.length, 0)} gold spans; scan time ${(ms / rows.length * 1000).toFixed(0)} µs/text\n`);
console.log(`| entity                | gold | token P | token R | token F1 | span P | span R | span F1 |`);
console.log(`|-----------------------|------|---------|---------|----------|--------|--------|---------|`);
const sum = { tp: 0, fp: 0, fn: 0 }, ssum = { tp: 0, fp: 0, fn: 0 };
for (const t of types) {
  const k = tok.get(t)!, s = span.get(t)!;
  const [tp, tr, tf] = f1(k), [sp, sr, sf] = f1(s);
  for (const key of ['tp', 'fp', 'fn'] as const) { sum[key] += k[key]; ssum[key] += s[key]; }
  console.log(`| ${t.padEnd(21)} | ${String(s.gold).padStart(4)} | ${pct(tp)} | ${pct(tr)} | ${pct(tf)}  | ${pct(sp)} | ${pct(sr)} | ${pct(sf)} |`);
}
const [mp, mr, mf] = f1(sum), [np, nr, nf] = f1(ssum);
console.log(`| ${'micro average'.padEnd(21)} |      | ${pct(mp)} | ${pct(mr)} | ${pct(mf)}  | ${pct(np)} | ${pct(nr)} | ${pct(nf)} |`);
const unsupported = [...goldTypes].filter((t) => !supported.has(t)).sort();
console.log(`\nnot detected by design (no recogniser): ${unsupported.join(', ') || 'none'}`);
console.log(`findings of types absent from this data set (false positives): ${other}`);
console.log(`elapsed ${((performance.now() - t0) / 1000).toFixed(1)} s`);
if (errors.length) console.log(errors.join('\n'));
