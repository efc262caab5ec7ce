// Shared by train-injection.ts and experiment-injection.ts: the v2 settings and the one
// evaluation protocol (leave-one-source-out, calibration and threshold on held-out logits).
import { DEFAULT_FEATURE_CONFIG, FeatureConfig, Featurizer } from '../../src/scanners/injection/features';
import { clipForInjection } from '../../src/scanners/injection/injection-classifier';
import { normalizeForInjection } from '../../src/scanners/injection/normalize';
import { Example, loadInjectionCorpus, loadProbeSet, MENTIONS_TRIGGER_WORDS, sourceGroup } from './dataset';
import { Prepared, prepare, randomSplit, sampleWeights } from './injection-experiment';
import { DEFAULT_TRAIN_OPTIONS, fitPlatt, LinearModel, logit, TrainOptions, trainLogReg } from './logreg';
import { bestThreshold, binaryMetrics, pct } from './metrics';

export interface ExperimentConfig {
  augment2: boolean;
  augment3?: boolean;
  features: FeatureConfig;
  train: Omit<TrainOptions, 'dim'>;
  /** Weight of the machine-translated PurpleLlama attacks relative to other rows (default 0.5). */
  multilingualWeight?: number;
  /** Per-source weight multipliers (default 1). */
  sourceWeights?: Record<string, number>;
  /**
   * Threshold maximising the mean over held-out groups of their recall and specificity
   * (each group and class counts once) instead of the pooled balanced accuracy.
   */
  macroThreshold?: boolean;
  /** Hold out our two rounds of written data separately (default: together, the strict setting). */
  splitIronCage?: boolean;
  /** Held-out groups left out of the calibration and threshold fit (still reported). */
  thresholdExclude?: string[];
  /**
   * Source agreement: train one model per source group left out of the training rows and
   * keep, per weight, the smallest value all of them agree on in sign (0 where they
   * disagree) — a feature survives only if no single source is needed for it.
   */
  agreement?: boolean;
  /**
   * Fit the threshold (not the calibration) only on held-out prompts of at most this many
   * characters: the product mostly sees short chat prompts, the public sets many long ones.
   */
  thresholdMaxChars?: number;
}

/** Model 2 features: n-grams as in v1 plus the multilingual concept block, weighted up. */
export const V2_FEATURES: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, conceptBits: 14, conceptWindow: 4, blockWeights: [0.55, 0.45, 0.7] };
export const V2_TRAIN: Omit<TrainOptions, 'dim'> = { ...DEFAULT_TRAIN_OPTIONS };
/** Everything model 2.0.0 was trained with. */
export const V2_CONFIG: ExperimentConfig = { augment2: true, features: V2_FEATURES, train: V2_TRAIN, multilingualWeight: 0.2 };
/** Model 3: v2 plus normaliser 2 (decoded encodings, reversed text) and written data round 3. */
export const V3_FEATURES: FeatureConfig = { ...V2_FEATURES, normalizer: 2 };
export const V3_CONFIG: ExperimentConfig = { ...V2_CONFIG, augment3: true, features: V3_FEATURES };

export function fitOn(p: Prepared, idx: readonly number[], cfg: ExperimentConfig): LinearModel {
  if (cfg.agreement) return fitAgreement(p, idx, cfg);
  const w = sampleWeights(p.rows, idx, cfg.multilingualWeight, cfg.sourceWeights);
  return trainLogReg(idx.map((i) => p.X[i]), idx.map((i) => p.y[i]), idx.map((i) => w[i]), { ...cfg.train, dim: p.dim });
}

function fitAgreement(p: Prepared, idx: readonly number[], cfg: ExperimentConfig): LinearModel {
  const plain = { ...cfg, agreement: false };
  const groups = [...new Set(idx.map((i) => sourceGroup(p.rows[i].source)))];
  const models = groups.map((g) => fitOn(p, idx.filter((i) => sourceGroup(p.rows[i].source) !== g), plain));
  const weights = new Float32Array(p.dim);
  for (let j = 0; j < p.dim; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const m of models) {
      lo = Math.min(lo, m.weights[j]);
      hi = Math.max(hi, m.weights[j]);
    }
    weights[j] = lo > 0 ? lo : hi < 0 ? hi : 0;
  }
  return { weights, bias: models.reduce((s, m) => s + m.bias, 0) / models.length };
}

export interface Evaluation {
  calibration: { a: number; b: number };
  threshold: number;
  lines: string[];
  summary: Record<string, number>;
  /** The model trained on every row (what train-injection.ts ships). */
  final: LinearModel;
  rows: number;
}

function rowLine(label: string, y: number[], pred: boolean[]): string {
  const m = binaryMetrics(y, pred);
  return `| ${label.padEnd(44)} | ${String(m.positives).padStart(5)} | ${String(m.negatives).padStart(5)} | ${pct(m.recall)} | ${pct(m.specificity)} | ${pct(m.balancedAccuracy)} |`;
}

/** Leave-one-source-out logits, Platt + threshold on them, and every figure we report. */
export function evaluate(cfg: ExperimentConfig, rowsIn?: Example[]): Evaluation {
  const rows = rowsIn ?? loadInjectionCorpus({ augment2: cfg.augment2, augment3: cfg.augment3 }).rows;
  const p = prepare(rows, cfg.features);
  const groups = [...new Set(p.rows.map((r) => sourceGroup(r.source, cfg.splitIronCage)))].sort();
  const z: number[] = [];
  const y: number[] = [];
  const idxAll: number[] = [];
  const groupOf: string[] = [];
  for (const group of groups) {
    const train: number[] = [];
    const test: number[] = [];
    p.rows.forEach((r, i) => (sourceGroup(r.source, cfg.splitIronCage) === group ? test : train).push(i));
    const m = fitOn(p, train, cfg);
    for (const i of test) {
      z.push(logit(m, p.X[i]));
      y.push(p.y[i]);
      idxAll.push(i);
      groupOf.push(group);
    }
  }
  // classes weigh equally in the calibration fit, as in balanced accuracy
  const fitIdx = y.map((_, j) => j).filter((j) => !(cfg.thresholdExclude ?? []).includes(groupOf[j]));
  const zf = fitIdx.map((j) => z[j]);
  const yf = fitIdx.map((j) => y[j]);
  const nPos = yf.filter((v) => v === 1).length;
  const nNeg = yf.length - nPos;
  const w = yf.map((v) => (v === 1 ? 0.5 / nPos : 0.5 / nNeg) * yf.length);
  const calibration = fitPlatt(zf, yf, w);
  const score = (v: number) => 1 / (1 + Math.exp(-(calibration.a * v + calibration.b)));
  const s = z.map(score);
  const thrIdx = cfg.thresholdMaxChars === undefined ? fitIdx : fitIdx.filter((j) => p.rows[idxAll[j]].text.length <= cfg.thresholdMaxChars!);
  const threshold = cfg.macroThreshold
    ? macroThreshold(fitIdx.map((j) => s[j]), yf, fitIdx.map((j) => groupOf[j]))
    : bestThreshold(thrIdx.map((j) => s[j]), thrIdx.map((j) => y[j]));
  const pred = s.map((v) => v >= threshold);

  const lines: string[] = [];
  const summary: Record<string, number> = {};
  lines.push(`| ${'held-out group'.padEnd(44)} |   pos |   neg | recall | specif | bal.acc |`, `|${'-'.repeat(46)}|------:|------:|-------:|-------:|--------:|`);
  for (const group of groups) {
    const k = groupOf.map((g, j) => (g === group ? j : -1)).filter((j) => j >= 0);
    lines.push(rowLine(group, k.map((j) => y[j]), k.map((j) => pred[j])));
    const m = binaryMetrics(k.map((j) => y[j]), k.map((j) => pred[j]));
    summary[`loso:${group}`] = Number.isNaN(m.balancedAccuracy) ? (m.positives ? m.recall : m.specificity) : m.balancedAccuracy;
  }
  lines.push(rowLine('pooled', y, pred));
  const pooled = binaryMetrics(y, pred);
  summary.pooledBA = pooled.balancedAccuracy;
  // PurpleLlama's attacks were written against a system prompt the data set does not carry
  // ("what is the password?", questions off the bot's topic), so many are benign text alone
  const exPl = groupOf.map((gr, j) => (gr.startsWith('PurpleLlama') ? -1 : j)).filter((j) => j >= 0);
  lines.push(rowLine('pooled without PurpleLlama', exPl.map((j) => y[j]), exPl.map((j) => pred[j])));
  summary.pooledBAexPL = binaryMetrics(exPl.map((j) => y[j]), exPl.map((j) => pred[j])).balancedAccuracy;
  // the public sets only: our written data changes between models, so this is the row that compares them
  const pub = exPl.filter((j) => !groupOf[j].startsWith('ironcage'));
  lines.push(rowLine('public sets without PurpleLlama', pub.map((j) => y[j]), pub.map((j) => pred[j])));
  summary.pooledBApublic = binaryMetrics(pub.map((j) => y[j]), pub.map((j) => pred[j])).balancedAccuracy;
  const short = exPl.filter((j) => p.rows[idxAll[j]].text.length <= 300);
  lines.push(rowLine('  of which prompts of at most 300 characters', short.map((j) => y[j]), short.map((j) => pred[j])));
  summary.pooledBAshort = binaryMetrics(short.map((j) => y[j]), short.map((j) => pred[j])).balancedAccuracy;

  const trig = (filter: (r: Example) => boolean) => {
    const k = idxAll.map((i, j) => (p.rows[i].label === 0 && MENTIONS_TRIGGER_WORDS.test(p.rows[i].text) && filter(p.rows[i]) ? j : -1)).filter((j) => j >= 0);
    return { fp: k.filter((j) => pred[j]).length, n: k.length };
  };
  const tAll = trig(() => true);
  const tPub = trig((r) => !r.source.startsWith('ironcage/'));
  summary.triggerFPR = tAll.fp / tAll.n;
  summary.triggerFPRpublic = tPub.fp / tPub.n;
  if (process.argv.includes('--fp')) {
    idxAll.forEach((i, j) => {
      const r = p.rows[i];
      if (r.label === 0 && pred[j] && MENTIONS_TRIGGER_WORDS.test(r.text)) lines.push(`    FP ${s[j].toFixed(2)} ${r.source.slice(0, 24)} ${JSON.stringify(r.text.slice(0, 160))}`);
    });
  }
  lines.push(`held-out benign mentioning trigger words: FPR ${pct(tAll.fp / tAll.n)} (${tAll.fp}/${tAll.n}); public sources only ${pct(tPub.fp / tPub.n)} (${tPub.fp}/${tPub.n})`);

  // random split, same threshold protocol (calibration from the LOSO fit above)
  const split = randomSplit(p, 0.2);
  const mr = fitOn(p, split.train, cfg);
  const rs = binaryMetrics(split.test.map((i) => p.y[i]), split.test.map((i) => score(logit(mr, p.X[i])) >= threshold));
  summary.randomBA = rs.balancedAccuracy;
  lines.push(`random 80/20 split: recall ${pct(rs.recall)} specificity ${pct(rs.specificity)} balanced accuracy ${pct(rs.balancedAccuracy)}`);

  // final model on everything, scored on the probe sets
  const all = p.rows.map((_, i) => i);
  const final = fitOn(p, all, cfg);
  const f = new Featurizer(cfg.features);
  for (const version of [1, 2, 3] as const) {
    const probe = loadProbeSet(version);
    const pp = probe.map((r) => score(logit(final, f.sparse(normalizeForInjection(clipForInjection(r.text, cfg.features.maxChars), cfg.features.normalizer)))) >= threshold);
    const m = binaryMetrics(probe.map((r) => r.label), pp);
    const tk = probe.map((r, i) => (r.label === 0 && MENTIONS_TRIGGER_WORDS.test(r.text) ? i : -1)).filter((i) => i >= 0);
    const tfp = tk.filter((i) => pp[i]).length;
    summary[`probe${version}BA`] = m.balancedAccuracy;
    summary[`probe${version}TrigFPR`] = tfp / tk.length;
    const de = probe.map((r, i) => (r.language === 'German' ? i : -1)).filter((i) => i >= 0);
    const mde = binaryMetrics(de.map((i) => probe[i].label), de.map((i) => pp[i]));
    lines.push(
      `probe v${version} (${probe.length}): recall ${pct(m.recall)} specificity ${pct(m.specificity)} balanced accuracy ${pct(m.balancedAccuracy)}; German ${pct(mde.balancedAccuracy)}; trigger-word benign FPR ${pct(tfp / tk.length)} (${tfp}/${tk.length})`,
    );
    if (process.argv.includes('--errors')) {
      probe.forEach((r, i) => {
        if ((r.label === 1) !== pp[i]) lines.push(`    miss v${version} label=${r.label} ${r.text.slice(0, 140)}`);
      });
    }
  }
  return { calibration, threshold, lines, summary, final, rows: p.rows.length };
}

/** The score threshold that maximises the mean, over (group, class) cells, of the cell's accuracy. */
export function macroThreshold(scores: number[], y: number[], group: string[]): number {
  const cells = new Map<string, number[]>();
  scores.forEach((_, i) => {
    const k = `${group[i]}|${y[i]}`;
    if (!cells.has(k)) cells.set(k, []);
    cells.get(k)!.push(i);
  });
  const candidates = [...new Set(scores)].sort((a, b) => a - b);
  let best = -1;
  let bestT = 0.5;
  // coarse grid over the distinct scores keeps this fast
  const step = Math.max(1, Math.floor(candidates.length / 2000));
  for (let c = 0; c < candidates.length; c += step) {
    const t = candidates[c];
    let sum = 0;
    for (const [k, idx] of cells) {
      const positive = k.endsWith('|1');
      let ok = 0;
      for (const i of idx) if ((scores[i] >= t) === positive) ok++;
      sum += ok / idx.length;
    }
    const v = sum / cells.size;
    if (v > best) {
      best = v;
      bestT = t;
    }
  }
  return bestT;
}
