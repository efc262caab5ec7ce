/* eslint-disable no-console */
// Trains the prompt-injection classifier and writes services/guardrails/models/injection-v3.json.
//   node -r @swc-node/register services/guardrails/training/train-injection.ts
// Deterministic: fixed seeds, fixed data order; the model records the sha256 of its data.
//
// Calibration (Platt) and the decision threshold are fitted on leave-one-source-out
// predictions only — each row scored by a model that never saw its source — because the
// product meets prompts from sources it was not trained on; a random split would pick a
// threshold for the training distribution.
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { encodeInjectionWeights, INJECTION_MODEL_FORMAT, InjectionModelFile } from '../src/scanners/injection/model';
import { loadInjectionCorpus, REPO_ROOT } from './lib/dataset';
import { evaluate, V3_CONFIG } from './lib/injection-eval';
import { pct } from './lib/metrics';

export const MODEL_VERSION = '3.0.0';

function main(): void {
  const t0 = Date.now();
  const corpus = loadInjectionCorpus({ augment2: V3_CONFIG.augment2, augment3: V3_CONFIG.augment3 });
  console.log(`rows ${corpus.rows.length}  data sha256 ${corpus.sha256.slice(0, 16)}…`);
  const e = evaluate(V3_CONFIG, corpus.rows);
  for (const line of e.lines) console.log(line);
  const s = e.summary;
  console.log(`calibration a=${e.calibration.a.toFixed(4)} b=${e.calibration.b.toFixed(4)} threshold=${e.threshold.toFixed(4)}`);

  const file: InjectionModelFile = {
    format: INJECTION_MODEL_FORMAT,
    version: MODEL_VERSION,
    createdAt: '2026-11-26',
    training: {
      dataSha256: corpus.sha256,
      files: corpus.files.map((f) => relative(join(REPO_ROOT, '..'), f)),
      rows: e.rows,
      seed: V3_CONFIG.train.seed,
      command: 'node -r @swc-node/register services/guardrails/training/train-injection.ts',
    },
    features: V3_CONFIG.features,
    weights: encodeInjectionWeights(e.final.weights),
    bias: e.final.bias,
    calibration: e.calibration,
    threshold: e.threshold,
    validation: {
      losoPooledBalancedAccuracy: round(s.pooledBA),
      losoTriggerWordBenignFpr: round(s.triggerFPR),
      randomSplitBalancedAccuracy: round(s.randomBA),
      probeV1BalancedAccuracy: round(s.probe1BA),
      probeV2BalancedAccuracy: round(s.probe2BA),
      probeV3BalancedAccuracy: round(s.probe3BA),
      losoPublicSetsBalancedAccuracy: round(s.pooledBApublic),
    },
  };
  const out = join(__dirname, '..', 'models', 'injection-v3.json');
  writeFileSync(out, JSON.stringify(file) + '\n');
  console.log(`pooled LOSO ${pct(s.pooledBA)}; wrote ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

main();
