/* eslint-disable no-console */
// Trains the prompt-injection classifier and writes services/guardrails/models/injection-v1.json.
//   node -r @swc-node/register services/guardrails/training/train-injection.ts
// Deterministic: fixed seeds, fixed data order; the model records the sha256 of its data.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeInjectionWeights, INJECTION_MODEL_FORMAT, InjectionModelFile } from '../src/scanners/injection/model';
import { loadInjectionCorpus } from './lib/dataset';
import { fit, kFoldLogits, leaveOneSourceOut, prepare, SEED } from './lib/injection-experiment';
import { fitPlatt } from './lib/logreg';
import { bestThreshold, binaryMetrics, pct } from './lib/metrics';

export const MODEL_VERSION = '1.0.0';

function main(): void {
  const t0 = Date.now();
  const corpus = loadInjectionCorpus();
  const p = prepare(corpus.rows);
  console.log(`rows ${p.rows.length}  data sha256 ${corpus.sha256.slice(0, 16)}…  features ${p.dim}`);

  // Calibration and threshold come from predictions on data the model did not see:
  // the pooled leave-one-source-out logits (the cross-source setting the product faces)
  // and 5-fold random out-of-fold logits, weighted equally.
  const folds = leaveOneSourceOut(p);
  const z: number[] = [];
  const y: number[] = [];
  for (const f of folds) f.test.forEach((i, k) => (z.push(f.logits[k]), y.push(p.y[i])));
  const oof = kFoldLogits(p, 5);
  oof.forEach((v, i) => (z.push(v), y.push(p.y[i])));
  const w = y.map((label) => (label === 1 ? 0.5 / y.filter((v) => v === 1).length : 0.5 / y.filter((v) => v === 0).length) * y.length);
  const calibration = fitPlatt(z, y, w);
  const scores = z.map((v) => 1 / (1 + Math.exp(-(calibration.a * v + calibration.b))));
  const threshold = bestThreshold(scores, y);
  const m = binaryMetrics(y, scores.map((s) => s >= threshold));
  console.log(`calibration a=${calibration.a.toFixed(4)} b=${calibration.b.toFixed(4)} threshold=${threshold.toFixed(4)}`);
  console.log(`validation (LOSO + 5-fold OOF pooled): balanced accuracy ${pct(m.balancedAccuracy)} recall ${pct(m.recall)} FPR ${pct(m.fpr)}`);

  const all = p.rows.map((_, i) => i);
  const model = fit(p, all);
  const file: InjectionModelFile = {
    format: INJECTION_MODEL_FORMAT,
    version: MODEL_VERSION,
    createdAt: '2026-11-25',
    training: {
      dataSha256: corpus.sha256,
      rows: p.rows.length,
      seed: SEED,
      command: 'node -r @swc-node/register services/guardrails/training/train-injection.ts',
    },
    features: p.features,
    weights: encodeInjectionWeights(model.weights),
    bias: model.bias,
    calibration,
    threshold,
    validation: { balancedAccuracy: m.balancedAccuracy, recall: m.recall, fpr: m.fpr },
  };
  const out = join(__dirname, '..', 'models', 'injection-v1.json');
  writeFileSync(out, JSON.stringify(file) + '\n');
  console.log(`wrote ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main();
