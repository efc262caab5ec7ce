/* eslint-disable no-console */
// Model 1's hyper-parameter sweep (v1 features and data; model 2's experiments are in
// experiment-injection.ts): pooled leave-one-source-out
// balanced accuracy at the best threshold, plus probe-set balanced accuracy.
//   node -r @swc-node/register services/guardrails/training/sweep-injection.ts
import { DEFAULT_FEATURE_CONFIG } from '../src/scanners/injection/features';
import { clipForInjection } from '../src/scanners/injection/injection-classifier';
import { normalizeForInjection } from '../src/scanners/injection/normalize';
import { Featurizer } from '../src/scanners/injection/features';
import { loadInjectionCorpus, loadProbeSet, sourceGroup } from './lib/dataset';
import { prepare, sampleWeights } from './lib/injection-experiment';
import { logit, trainLogReg } from './lib/logreg';
import { bestThreshold, binaryMetrics, pct } from './lib/metrics';

const corpus = loadInjectionCorpus({ augment2: false });
const probe = loadProbeSet();
const grid = [
  { minCharN: 2, maxCharN: 5, l2: 1e-5, epochs: 12, lr: 0.2 },
  { minCharN: 2, maxCharN: 5, l2: 1e-4, epochs: 12, lr: 0.2 },
  { minCharN: 2, maxCharN: 5, l2: 1e-3, epochs: 12, lr: 0.2 },
  { minCharN: 3, maxCharN: 5, l2: 1e-4, epochs: 12, lr: 0.2 },
  { minCharN: 2, maxCharN: 5, l2: 1e-4, epochs: 4, lr: 0.2 },
];
for (const g of grid) {
  const features = { ...DEFAULT_FEATURE_CONFIG, minCharN: g.minCharN, maxCharN: g.maxCharN };
  const p = prepare(corpus.rows, features);
  const groups = [...new Set(p.rows.map((r) => sourceGroup(r.source)))].sort();
  const z: number[] = [];
  const y: number[] = [];
  const per: string[] = [];
  for (const group of groups) {
    const train: number[] = [];
    const test: number[] = [];
    p.rows.forEach((r, i) => (sourceGroup(r.source) === group ? test : train).push(i));
    const w = sampleWeights(p.rows, train);
    const m = trainLogReg(train.map((i) => p.X[i]), train.map((i) => p.y[i]), train.map((i) => w[i]), { dim: p.dim, epochs: g.epochs, learningRate: g.lr, l2: g.l2, seed: 7 });
    const zz = test.map((i) => logit(m, p.X[i]));
    const mm = binaryMetrics(test.map((i) => p.y[i]), zz.map((v) => v >= 0));
    per.push(`${group.slice(0, 10)}:${pct(Number.isNaN(mm.balancedAccuracy) ? (mm.positives ? mm.recall : mm.specificity) : mm.balancedAccuracy).trim()}`);
    z.push(...zz);
    y.push(...test.map((i) => p.y[i]));
  }
  const t = bestThreshold(z, y);
  const pooled = binaryMetrics(y, z.map((v) => v >= t));
  const all = p.rows.map((_, i) => i);
  const w = sampleWeights(p.rows, all);
  const m = trainLogReg(p.X, Array.from(p.y), Array.from(w), { dim: p.dim, epochs: g.epochs, learningRate: g.lr, l2: g.l2, seed: 7 });
  const f = new Featurizer(features);
  const pz = probe.map((r) => logit(m, f.sparse(normalizeForInjection(clipForInjection(r.text, features.maxChars), features.normalizer))));
  const pm = binaryMetrics(probe.map((r) => r.label), pz.map((v) => v >= 0));
  console.log(JSON.stringify(g), `pooledLOSO@best ${pct(pooled.balancedAccuracy)} probe@0 ${pct(pm.balancedAccuracy)}`, per.join(' '));
}
