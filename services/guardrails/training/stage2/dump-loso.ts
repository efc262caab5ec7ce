/* eslint-disable no-console */
// Writes .data/ml/loso-v2.json for evaluate_stage2.py: every training row with its
// normalised text, its leave-one-source-out logit from the v2 stage-1 model, its group and
// sample weight; and both probe sets scored by the v2 model trained on everything.
//   node -r @swc-node/register services/guardrails/training/stage2/dump-loso.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Featurizer } from '../../src/scanners/injection/features';
import { clipForInjection } from '../../src/scanners/injection/injection-classifier';
import { normalizeForInjection } from '../../src/scanners/injection/normalize';
import { loadInjectionCorpus, loadProbeSet, REPO_ROOT, sourceGroup } from '../lib/dataset';
import { fitOn, V2_CONFIG } from '../lib/injection-eval';
import { prepare, sampleWeights } from '../lib/injection-experiment';
import { logit } from '../lib/logreg';

const cfg = V2_CONFIG;
const p = prepare(loadInjectionCorpus({ augment2: cfg.augment2 }).rows, cfg.features);
const groups = [...new Set(p.rows.map((r) => sourceGroup(r.source)))].sort();
const z = new Array<number>(p.rows.length);
for (const g of groups) {
  const train: number[] = [];
  const test: number[] = [];
  p.rows.forEach((r, i) => (sourceGroup(r.source) === g ? test : train).push(i));
  const m = fitOn(p, train, cfg);
  for (const i of test) z[i] = logit(m, p.X[i]);
}
const all = p.rows.map((_, i) => i);
const w = sampleWeights(p.rows, all, cfg.multilingualWeight, cfg.sourceWeights);
const final = fitOn(p, all, cfg);
const f = new Featurizer(cfg.features);
const norm = (t: string) => normalizeForInjection(clipForInjection(t, cfg.features.maxChars), cfg.features.normalizer);
const rows = p.rows.map((r, i) => ({ text: r.text, norm: norm(r.text), label: r.label, source: r.source, group: sourceGroup(r.source), z: z[i], w: w[i] }));
const probes = ([1, 2] as const).flatMap((v) => loadProbeSet(v).map((r) => ({ text: r.text, norm: norm(r.text), label: r.label, probe: v, z: logit(final, f.sparse(norm(r.text))) })));
const dir = join(REPO_ROOT, '.data', 'ml');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'loso-v2.json'), JSON.stringify({ rows, probes }));
console.log(`wrote ${rows.length} rows and ${probes.length} probe rows to ${join(dir, 'loso-v2.json')}`);
