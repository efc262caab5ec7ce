import { SparseVector } from '../../src/scanners/injection/features';
import { mulberry32, shuffle } from './random';

export interface TrainOptions {
  dim: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: Omit<TrainOptions, 'dim'> = { epochs: 12, learningRate: 0.2, l2: 1e-3, seed: 7 };

export interface LinearModel {
  weights: Float32Array;
  bias: number;
}

/** Weighted logistic regression by AdaGrad SGD over sparse rows; deterministic for a seed. */
export function trainLogReg(X: SparseVector[], y: ArrayLike<number>, sampleWeight: ArrayLike<number>, opts: TrainOptions): LinearModel {
  const w = new Float32Array(opts.dim);
  const g2 = new Float32Array(opts.dim).fill(1e-8);
  let bias = 0;
  let gb2 = 1e-8;
  const rand = mulberry32(opts.seed);
  const order = Array.from({ length: X.length }, (_, i) => i);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    shuffle(rand, order);
    for (const i of order) {
      const { indices, values } = X[i];
      let z = bias;
      for (let k = 0; k < indices.length; k++) z += w[indices[k]] * values[k];
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - y[i]) * sampleWeight[i];
      for (let k = 0; k < indices.length; k++) {
        const j = indices[k];
        const grad = g * values[k] + opts.l2 * w[j];
        g2[j] += grad * grad;
        w[j] -= (opts.learningRate * grad) / Math.sqrt(g2[j]);
      }
      gb2 += g * g;
      bias -= (opts.learningRate * g) / Math.sqrt(gb2);
    }
  }
  return { weights: w, bias };
}

export function logit(model: LinearModel, x: SparseVector): number {
  let z = model.bias;
  for (let k = 0; k < x.indices.length; k++) z += model.weights[x.indices[k]] * x.values[k];
  return z;
}

/**
 * Platt scaling: fits p = sigmoid(a * z + b) on the weighted log loss with Platt's smoothed
 * targets, by gradient descent with backtracking (robust when the logits separate well).
 */
export function fitPlatt(z: ArrayLike<number>, y: ArrayLike<number>, weight?: ArrayLike<number>): { a: number; b: number } {
  let nPos = 0, nNeg = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1) nPos++;
    else nNeg++;
  }
  const hi = (nPos + 1) / (nPos + 2);
  const lo = 1 / (nNeg + 2);
  const loss = (a: number, b: number): number => {
    let l = 0;
    for (let i = 0; i < z.length; i++) {
      const t = y[i] === 1 ? hi : lo;
      const u = a * z[i] + b;
      // log(1 + e^u) - t*u, computed stably
      l += (weight ? weight[i] : 1) * ((u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u))) - t * u);
    }
    return l;
  };
  let a = 1, b = 0, step = 1;
  let current = loss(a, b);
  for (let iter = 0; iter < 500; iter++) {
    let ga = 0, gb = 0, n = 0;
    for (let i = 0; i < z.length; i++) {
      const s = weight ? weight[i] : 1;
      const t = y[i] === 1 ? hi : lo;
      const d = (1 / (1 + Math.exp(-(a * z[i] + b))) - t) * s;
      ga += d * z[i];
      gb += d;
      n += s;
    }
    ga /= n;
    gb /= n;
    while (step > 1e-12) {
      const na = a - step * ga, nb = b - step * gb;
      const l = loss(na, nb);
      if (l < current) {
        a = na; b = nb; current = l; step *= 1.5;
        break;
      }
      step /= 2;
    }
    if (step <= 1e-12 || Math.abs(ga) + Math.abs(gb) < 1e-9) break;
  }
  return { a, b };
}
