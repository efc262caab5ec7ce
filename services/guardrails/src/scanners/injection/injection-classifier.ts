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

/**
 * Long texts are also read in overlapping windows: the clipped view (first `maxChars`, last
 * `maxChars / 4`) would let an attacker pad a document and hide an instruction in its
 * middle. Windows of 2,048 characters overlapping by 256 put any instruction of up to 256
 * characters wholly inside one; the text's score is the highest of the clipped view and
 * its windows. Texts up to `maxChars` are read whole, as in training. (Smaller windows catch
 * more of a short instruction buried in a long document but flag far more benign documents:
 * training/README.md, "Long texts".)
 */
export const INJECTION_WINDOW = 2048;
export const INJECTION_WINDOW_OVERLAP = 256;

/** Hashed n-gram logistic regression with Platt-calibrated output. */
export class InjectionClassifier {
  private readonly featurizer: Featurizer;

  constructor(private readonly model: InjectionModel) {
    this.featurizer = new Featurizer(model.features);
  }

  /** Number of windows `classify` reads for a text of this length (0: the clipped view covers it). */
  static windowCount(length: number, maxChars: number): number {
    if (length <= maxChars) return 0;
    return Math.ceil((length - INJECTION_WINDOW) / (INJECTION_WINDOW - INJECTION_WINDOW_OVERLAP)) + 1;
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
    let z = this.logit(text);
    if (text.length > this.model.features.maxChars) {
      const stride = INJECTION_WINDOW - INJECTION_WINDOW_OVERLAP;
      for (let from = 0; ; from += stride) {
        z = Math.max(z, this.logit(text.slice(from, from + INJECTION_WINDOW)));
        if (from + INJECTION_WINDOW >= text.length) break;
      }
    }
    const score = 1 / (1 + Math.exp(-(a * z + b)));
    return { detected: score >= this.model.threshold, score };
  }
}
