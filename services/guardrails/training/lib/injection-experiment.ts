import { DEFAULT_FEATURE_CONFIG, FeatureConfig, Featurizer, SparseVector } from '../../src/scanners/injection/features';
import { clipForInjection } from '../../src/scanners/injection/injection-classifier';
import { normalizeForInjection } from '../../src/scanners/injection/normalize';
import { Example, MULTILINGUAL_SOURCE, sourceGroup } from './dataset';
import { DEFAULT_TRAIN_OPTIONS, LinearModel, logit, trainLogReg } from './logreg';
import { mulberry32, shuffle } from './random';

export const SEED = 7;

export interface Prepared {
  rows: Example[];
  X: SparseVector[];
  y: Uint8Array;
  dim: number;
  features: FeatureConfig;
}

export function prepare(rows: Example[], features: FeatureConfig = DEFAULT_FEATURE_CONFIG): Prepared {
  const f = new Featurizer(features);
  return {
    rows,
    X: rows.map((r) => f.sparse(normalizeForInjection(clipForInjection(r.text, features.maxChars), features.normalizer))),
    y: Uint8Array.from(rows.map((r) => r.label)),
    dim: f.dim,
    features,
  };
}

/**
 * Sample weights: each (source, label) group weighs in with the square root of its size,
 * so that no single source dominates, then both classes get the same total weight. The
 * machine-translated attacks are one group at half weight: they repeat one English set.
 */
export function sampleWeights(rows: Example[], idx: readonly number[], multilingualWeight = 0.5, sourceWeights: Record<string, number> = {}): Float64Array {
  const size = new Map<string, number>();
  const key = (r: Example) => `${r.source}|${r.label}`;
  for (const i of idx) size.set(key(rows[i]), (size.get(key(rows[i])) ?? 0) + 1);
  const w = new Float64Array(rows.length);
  const total = [0, 0];
  for (const i of idx) {
    const r = rows[i];
    w[i] = (r.source === MULTILINGUAL_SOURCE ? multilingualWeight : (sourceWeights[r.source] ?? 1)) / Math.sqrt(size.get(key(r))!);
    total[r.label] += w[i];
  }
  const n = idx.length;
  for (const i of idx) w[i] *= n / 2 / total[rows[i].label];
  return w;
}

export function fit(p: Prepared, idx: readonly number[], seed = SEED): LinearModel {
  const w = sampleWeights(p.rows, idx);
  const X = idx.map((i) => p.X[i]);
  const y = idx.map((i) => p.y[i]);
  const sw = idx.map((i) => w[i]);
  return trainLogReg(X, y, sw, { ...DEFAULT_TRAIN_OPTIONS, dim: p.dim, seed });
}

export interface FoldResult {
  group: string;
  test: number[];
  logits: number[];
}

/** Leave-one-source-out: train on every other source group, predict the held-out one. */
export function leaveOneSourceOut(p: Prepared): FoldResult[] {
  const groups = [...new Set(p.rows.map((r) => sourceGroup(r.source)))].sort();
  return groups.map((group) => {
    const test: number[] = [];
    const train: number[] = [];
    p.rows.forEach((r, i) => (sourceGroup(r.source) === group ? test : train).push(i));
    const model = fit(p, train);
    return { group, test, logits: test.map((i) => logit(model, p.X[i])) };
  });
}

/** Stratified (source x label) random split. */
export function randomSplit(p: Prepared, testFraction: number, seed = SEED): { train: number[]; test: number[] } {
  const rand = mulberry32(seed);
  const byKey = new Map<string, number[]>();
  p.rows.forEach((r, i) => {
    const k = `${r.source}|${r.label}`;
    if (!byKey.has(k)) byKey.set(k, []);
    byKey.get(k)!.push(i);
  });
  const train: number[] = [];
  const test: number[] = [];
  for (const k of [...byKey.keys()].sort()) {
    const idx = shuffle(rand, byKey.get(k)!.slice());
    const cut = Math.round(idx.length * testFraction);
    test.push(...idx.slice(0, cut));
    train.push(...idx.slice(cut));
  }
  return { train, test };
}

/** k-fold out-of-fold logits over stratified random folds. */
export function kFoldLogits(p: Prepared, k: number, seed = SEED): Float64Array {
  const rand = mulberry32(seed);
  const fold = new Int32Array(p.rows.length);
  const byKey = new Map<string, number[]>();
  p.rows.forEach((r, i) => {
    const key = `${r.source}|${r.label}`;
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key)!.push(i);
  });
  for (const key of [...byKey.keys()].sort()) shuffle(rand, byKey.get(key)!.slice()).forEach((i, j) => (fold[i] = j % k));
  const out = new Float64Array(p.rows.length);
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < p.rows.length; i++) (fold[i] === f ? test : train).push(i);
    const model = fit(p, train);
    for (const i of test) out[i] = logit(model, p.X[i]);
  }
  return out;
}
