/* eslint-disable no-console */
// Cross-source and random-split evaluation of the injection classifier, plus the committed
// model on the hand-written probe set (never used for training).
//   node -r @swc-node/register services/guardrails/training/eval-injection.ts
import { InjectionClassifier } from '../src/scanners/injection/injection-classifier';
import { loadInjectionModel } from '../src/scanners/injection/model';
import { loadInjectionCorpus, loadProbeSet, MENTIONS_TRIGGER_WORDS, MULTILINGUAL_SOURCE } from './lib/dataset';
import { fit, leaveOneSourceOut, prepare, randomSplit } from './lib/injection-experiment';
import { logit } from './lib/logreg';
import { binaryMetrics, pct } from './lib/metrics';

const model = loadInjectionModel();
const { a, b } = model.calibration;
const calibrated = (z: number) => 1 / (1 + Math.exp(-(a * z + b)));
const threshold = model.threshold;

function row(label: string, y: number[], pred: boolean[]): string {
  const m = binaryMetrics(y, pred);
  return `| ${label.padEnd(46)} | ${String(m.positives).padStart(5)} | ${String(m.negatives).padStart(5)} | ${pct(m.recall)} | ${pct(m.specificity)} | ${pct(m.precision)} | ${pct(m.balancedAccuracy)} |`;
}
const header = `| ${'held-out'.padEnd(46)} | ${'pos'.padStart(5)} | ${'neg'.padStart(5)} | recall | specif | precis | bal.acc |\n|${'-'.repeat(48)}|-------|-------|--------|--------|--------|---------|`;

const corpus = loadInjectionCorpus();
const p = prepare(corpus.rows);
console.log(`model ${model.version}, threshold ${threshold.toFixed(3)} on the calibrated score; ${p.rows.length} rows\n`);

console.log('Leave-one-source-out (train on all other source groups, test on the held-out one):');
console.log(header);
const folds = leaveOneSourceOut(p);
const allY: number[] = [];
const allPred: boolean[] = [];
const trig: [number[], boolean[]] = [[], []];
const lang = new Map<string, [number, number]>();
const purpleEnglish: [number, number] = [0, 0];
for (const f of folds) {
  const y = f.test.map((i) => p.y[i]);
  const pred = f.logits.map((z) => calibrated(z) >= threshold);
  console.log(row(f.group, y, pred));
  allY.push(...y);
  allPred.push(...pred);
  f.test.forEach((i, k) => {
    const r = p.rows[i];
    if (r.label === 0 && MENTIONS_TRIGGER_WORDS.test(r.text)) {
      trig[0].push(0);
      trig[1].push(pred[k]);
    }
    if (r.source.startsWith('meta-llama/PurpleLlama:cyberseceval-prompt-injection')) {
      purpleEnglish[0] += pred[k] ? 1 : 0;
      purpleEnglish[1]++;
    }
    if (r.source === MULTILINGUAL_SOURCE) {
      const c = lang.get(r.language) ?? [0, 0];
      lang.set(r.language, [c[0] + (pred[k] ? 1 : 0), c[1] + 1]);
    }
  });
}
console.log(row('pooled over all held-out groups', allY, allPred));
const mt = binaryMetrics(trig[0], trig[1]);
console.log(`\nbenign rows that mention ignore/instructions/system prompt/forget (held out): FPR ${pct(mt.fpr)} (${mt.fp}/${mt.negatives})`);
console.log(`PurpleLlama English attacks (held out with their translations): recall ${pct(purpleEnglish[0] / purpleEnglish[1])} (${purpleEnglish[0]}/${purpleEnglish[1]})`);
console.log('multilingual attacks held out with PurpleLlama, recall by language:');
console.log('  ' + [...lang.entries()].sort().map(([l, [d, n]]) => `${l} ${pct(d / n).trim()}`).join(', '));

console.log('\nRandom split (stratified by source and label, 80/20, seed 7):');
console.log(header);
const split = randomSplit(p, 0.2);
const m = fit(p, split.train);
const ys = split.test.map((i) => p.y[i]);
const preds = split.test.map((i) => calibrated(logit(m, p.X[i])) >= threshold);
console.log(row('random 20% test', ys, preds));
const t2: [number[], boolean[]] = [[], []];
split.test.forEach((i, k) => {
  if (p.rows[i].label === 0 && MENTIONS_TRIGGER_WORDS.test(p.rows[i].text)) {
    t2[0].push(0);
    t2[1].push(preds[k]);
  }
});
const m2 = binaryMetrics(t2[0], t2[1]);
console.log(`benign-that-mentions-trigger-words in the test split: FPR ${pct(m2.fpr)} (${m2.fp}/${m2.negatives})`);

console.log('\nCommitted model on the hand-written probe set (short EN/DE prompts, never trained on):');
console.log(header);
const clf = new InjectionClassifier(model);
const probe = loadProbeSet();
const probePred = probe.map((r) => clf.classify(r.text).detected);
console.log(row('probe (all)', probe.map((r) => r.label), probePred));
for (const language of ['English', 'German']) {
  const idx = probe.map((r, i) => (r.language === language ? i : -1)).filter((i) => i >= 0);
  console.log(row(`probe ${language}`, idx.map((i) => probe[i].label), idx.map((i) => probePred[i])));
}
const probeTrig = probe.map((r, i) => [r, probePred[i]] as const).filter(([r]) => r.label === 0 && MENTIONS_TRIGGER_WORDS.test(r.text));
console.log(`probe benign mentioning trigger words: FPR ${pct(probeTrig.filter(([, d]) => d).length / probeTrig.length)} (${probeTrig.filter(([, d]) => d).length}/${probeTrig.length})`);
if (process.argv.includes('--errors')) {
  probe.forEach((r, i) => {
    if ((r.label === 1) !== probePred[i]) console.log(`  miss label=${r.label} score=${clf.classify(r.text).score.toFixed(3)} ${r.text}`);
  });
}
