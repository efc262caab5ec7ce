import { InjectionResult } from '../types';
import { Featurizer } from './features';
import { InjectionModel } from './model';
import { normalizeForInjection } from './normalize';

/**
 * The featuriser reads the first `maxChars` and last `maxChars / 4` characters of the
 * normalised text; clipping the raw text first (with slack for what normalisation
 * removes) keeps a 100 KB prompt as cheap as a 5 KB one. Training clips the same way.
 */
export function clipForInjection(text: string, maxChars: number): string {
  const head = Math.ceil(maxChars * 1.5);
  const tail = Math.ceil((maxChars / 4) * 1.5);
  if (text.length <= head + tail) return text;
  return text.slice(0, head) + ' ' + text.slice(text.length - tail);
}

/** Hashed n-gram logistic regression with Platt-calibrated output. */
export class InjectionClassifier {
  private readonly featurizer: Featurizer;

  constructor(private readonly model: InjectionModel) {
    this.featurizer = new Featurizer(model.features);
  }

  get version(): string {
    return this.model.version;
  }

  get threshold(): number {
    return this.model.threshold;
  }

  /** Raw (uncalibrated) logit of the linear model. */
  logit(text: string): number {
    return this.featurizer.dot(normalizeForInjection(clipForInjection(text, this.model.features.maxChars), this.model.features.normalizer), this.model.weights) + this.model.bias;
  }

  classify(text: string): InjectionResult {
    if (text.trim().length === 0) return { detected: false, score: 0 };
    const { a, b } = this.model.calibration;
    const score = 1 / (1 + Math.exp(-(a * this.logit(text) + b)));
    return { detected: score >= this.model.threshold, score };
  }
}
