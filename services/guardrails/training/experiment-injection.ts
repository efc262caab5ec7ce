/* eslint-disable no-console */
// The experiments behind model injection-v2, one named configuration at a time, each
// measured the same way: leave-one-source-out (all our written data is one held-out group),
// calibration and threshold fitted on the pooled held-out logits only, then the
// trigger-word benign rows, the random split and both hand-written probe sets.
//   node -r @swc-node/register services/guardrails/training/experiment-injection.ts [name …]
// Without names it runs them all (a few minutes). The log in README.md was made with it.
import { DEFAULT_FEATURE_CONFIG, FeatureConfig } from '../src/scanners/injection/features';
import { evaluate, ExperimentConfig, V2_CONFIG, V2_FEATURES, V3_CONFIG } from './lib/injection-eval';
import { DEFAULT_TRAIN_OPTIONS } from './lib/logreg';
import { pct } from './lib/metrics';

const base: ExperimentConfig = { augment2: false, features: DEFAULT_FEATURE_CONFIG, train: DEFAULT_TRAIN_OPTIONS };
const concepts: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, conceptBits: 14, conceptWindow: 4 };
export const EXPERIMENTS: Record<string, ExperimentConfig> = {
  'v1 (baseline)': base,
  '+ data v2': { ...base, augment2: true },
  '+ concept block (equal block weights)': { ...base, augment2: true, features: concepts },
  '+ concept block weighted up': { ...base, augment2: true, features: V2_FEATURES },
  '+ translated attacks at 0.2 (= v2)': V2_CONFIG,
  'v2 without data v2': { ...V2_CONFIG, augment2: false },
  'v2, translated attacks left out': { ...V2_CONFIG, multilingualWeight: 0 },
  'v2, threshold without PurpleLlama': { ...V2_CONFIG, thresholdExclude: ['PurpleLlama (EN + 17 languages)'] },
  'v2 + normaliser 2': { ...V2_CONFIG, features: { ...V2_FEATURES, normalizer: 2 } },
  'v2 + written data round 3': { ...V2_CONFIG, augment3: true },
  '+ normaliser 2 (= v3)': V3_CONFIG,
  'v3, source agreement': { ...V3_CONFIG, agreement: true },
  'v3, threshold on prompts <= 300 chars': { ...V3_CONFIG, thresholdMaxChars: 300 },
  'v3, threshold on prompts <= 500 chars': { ...V3_CONFIG, thresholdMaxChars: 500 },
};

if (require.main === module) {
  const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  for (const name of names.length ? names : Object.keys(EXPERIMENTS)) {
    const cfg = EXPERIMENTS[name];
    if (!cfg) throw new Error(`unknown experiment ${name}; known: ${Object.keys(EXPERIMENTS).join(', ')}`);
    const t0 = Date.now();
    const e = evaluate(cfg);
    console.log(`\n## ${name}  (threshold ${e.threshold.toFixed(3)}, ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    for (const l of e.lines) console.log(l);
    const s = e.summary;
    console.log(
      `SUMMARY ${name}: pooledLOSO ${pct(s.pooledBA)} exPL ${pct(s.pooledBAexPL)} public ${pct(s.pooledBApublic)} trigFPR ${pct(s.triggerFPR)} trigFPRpub ${pct(s.triggerFPRpublic)} random ${pct(s.randomBA)} probe1 ${pct(s.probe1BA)} probe2 ${pct(s.probe2BA)} probe2trig ${pct(s.probe2TrigFPR)} probe3 ${pct(s.probe3BA)} probe3trig ${pct(s.probe3TrigFPR)}`,
    );
  }
}
