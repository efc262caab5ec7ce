export interface BinaryMetrics {
  n: number;
  positives: number;
  negatives: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  recall: number;
  specificity: number;
  precision: number;
  balancedAccuracy: number;
  fpr: number;
}

export function binaryMetrics(y: ArrayLike<number>, predicted: ArrayLike<boolean>): BinaryMetrics {
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1) {
      if (predicted[i]) tp++;
      else fn++;
    } else if (predicted[i]) fp++;
    else tn++;
  }
  const recall = tp + fn ? tp / (tp + fn) : NaN;
  const specificity = tn + fp ? tn / (tn + fp) : NaN;
  return {
    n: y.length,
    positives: tp + fn,
    negatives: tn + fp,
    tp, fp, tn, fn,
    recall,
    specificity,
    precision: tp + fp ? tp / (tp + fp) : NaN,
    balancedAccuracy: (recall + specificity) / 2,
    fpr: tn + fp ? fp / (tn + fp) : NaN,
  };
}

export function pct(x: number): string {
  return Number.isNaN(x) ? '   –  ' : `${(x * 100).toFixed(1).padStart(5)}%`;
}

/** Threshold on scores that maximises balanced accuracy. */
export function bestThreshold(scores: ArrayLike<number>, y: ArrayLike<number>): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((i, j) => scores[i] - scores[j]);
  let pos = 0, neg = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1) pos++;
    else neg++;
  }
  // predicting positive for score >= t: start with t below everything
  let fn = 0, tn = 0;
  let best = -1, bestT = 0.5;
  for (let k = 0; k <= idx.length; k++) {
    const t = k === idx.length ? scores[idx[k - 1]] + 1e-9 : scores[idx[k]];
    if (k === 0 || k === idx.length || scores[idx[k]] !== scores[idx[k - 1]]) {
      const ba = ((pos - fn) / pos + tn / neg) / 2;
      if (ba > best) {
        best = ba;
        bestT = k === 0 ? t : (scores[idx[k - 1]] + t) / 2;
      }
    }
    if (k < idx.length) {
      if (y[idx[k]] === 1) fn++;
      else tn++;
    }
  }
  return bestT;
}
