/* eslint-disable no-console */
// Writes training/data/phi-synth.jsonl: clinical sentences with medical record numbers,
// NPIs and DEA numbers carrying valid check digits, ICD-10 codes and health-plan ids, plus
// near misses (wrong check digit, no context) that must not be found. Seeded, so re-runs
// give the same file.
//   node -r @swc-node/register services/guardrails/training/generate-phi-synth.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { luhnCheckDigit } from '../src/scanners/shared/checksums';
import { mulberry32, pick } from './lib/random';

const rand = mulberry32(4242);
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');

/** NPI: 9 digits starting 1 or 2, check digit = Luhn over "80840" + those 9 digits. */
export function makeNpi(valid = true): string {
  const base = pick(rand, ['1', '2']) + digits(8);
  const check = luhnCheckDigit('80840' + base);
  return base + (valid ? check : (check + 1 + Math.floor(rand() * 8)) % 10);
}

/** DEA: registrant letter, last-name initial, 6 digits, check = (d1+d3+d5 + 2(d2+d4+d6)) mod 10. */
export function makeDea(lastName: string, valid = true): string {
  const d = digits(6).split('').map(Number);
  const check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10;
  return pick(rand, ['A', 'B', 'F', 'G', 'M']) + lastName[0].toUpperCase() + d.join('') + (valid ? check : (check + 3) % 10);
}

const LAST = ['Miller', 'Nguyen', 'Schmidt', 'Okafor', 'Rossi', 'Kowalski', 'Haddad', 'Tanaka', 'Lopez', 'Johansson'];
const ICD = ['E11.9', 'I10', 'J45.909', 'F32.A', 'M54.5', 'K21.9', 'N39.0', 'C50.911', 'Z79.4', 'R51.9', 'S72.001A', 'G43.909'];

type Span = { type: string; start: number; end: number };
type Row = { text: string; spans: Span[] };
const rows: Row[] = [];

function emit(parts: Array<string | [string, string]>): void {
  let text = '';
  const spans: Span[] = [];
  for (const p of parts) {
    if (typeof p === 'string') text += p;
    else {
      spans.push({ type: p[0], start: text.length, end: text.length + p[1].length });
      text += p[1];
    }
  }
  rows.push({ text, spans });
}

for (let i = 0; i < 60; i++) {
  const name = pick(rand, LAST);
  const mrn = pick(rand, ['', 'MR', 'H']) + (rand() < 0.5 ? '-' : '') + digits(6 + Math.floor(rand() * 4));
  switch (i % 10) {
    case 0: emit(['Patient MRN: ', ['MEDICAL_RECORD_NUMBER', mrn], ', admitted for chest pain.']); break;
    case 1: emit(['Please pull the chart for medical record number ', ['MEDICAL_RECORD_NUMBER', mrn], ' before rounds.']); break;
    case 2: emit(['Referring physician NPI ', ['US_NPI', makeNpi()], ' signed the order.']); break;
    case 3: emit(['Dr. ', name, ', NPI: ', ['US_NPI', makeNpi()], ', DEA ', ['US_DEA', makeDea(name)], '.']); break;
    case 4: emit(['Prescriber DEA number ', ['US_DEA', makeDea(name)], ' for the Schedule II refill.']); break;
    case 5: emit(['Diagnosis: ', ['ICD10_CODE', pick(rand, ICD)], ' (primary), ', ['ICD10_CODE', pick(rand, ICD)], ' secondary.']); break;
    case 6: emit(['Member ID: ', ['HEALTH_PLAN_ID', 'XJH' + digits(9)], ' under the Blue Shield health plan.']); break;
    case 7: emit(['Her policy number is ', ['HEALTH_PLAN_ID', digits(3) + '-' + digits(6)], ' and the claim code is ', ['ICD10_CODE', pick(rand, ICD)], '.']); break;
    case 8: emit(['Pt seen today; MRN ', ['MEDICAL_RECORD_NUMBER', mrn], ', dx code ', ['ICD10_CODE', pick(rand, ICD)], '.']); break;
    case 9: emit(['The rendering provider (NPI ', ['US_NPI', makeNpi()], ') billed under plan ID ', ['HEALTH_PLAN_ID', 'H' + digits(4) + '-' + digits(3)], '.']); break;
  }
}
// near misses: wrong check digits, or numbers with no clinical context
for (let i = 0; i < 40; i++) {
  const name = pick(rand, LAST);
  switch (i % 5) {
    case 0: emit(['Referring physician NPI ', makeNpi(false), ' (typo, please verify).']); break;
    case 1: emit(['Prescriber DEA number ', makeDea(name, false), ' looks wrong.']); break;
    case 2: emit(['Order ', digits(8), ' shipped in ', digits(2), ' boxes; tracking ', digits(10), '.']); break;
    case 3: emit(['The part number E11 fits model I10 of the heater.']); break;
    case 4: emit(['Room ', digits(3), ', invoice ', digits(7), ', total 1,250.00 EUR.']); break;
  }
}

writeFileSync(join(__dirname, 'data', 'phi-synth.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
console.log(`wrote ${rows.length} rows`);
