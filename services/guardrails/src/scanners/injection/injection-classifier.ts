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
 * `maxChars / 4` of the normalised text) would let an attacker pad a document and hide an
 * instruction in its middle. Windows of 2,048 characters overlapping by 256 (and the
 * clipped view's edges) put any instruction of up to 256 characters wholly inside one; the
 * text's score is the highest of the clipped view and the windows over the part it does not
 * read. Texts up to `maxChars` are read whole, as in training. (Smaller windows catch more of
 * a short instruction buried in a long document but flag far more benign documents:
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

  get version(): string {
    return this.model.version;
  }

  get threshold(): number {
    return this.model.threshold;
  }

  /** Raw (uncalibrated) logit of the linear model on the clipped view. */
  logit(text: string): number {
    return this.featurizer.dot(normalizeForInjection(clipForInjection(text, this.model.features.maxChars), this.model.features.normalizer), this.model.weights) + this.model.bias;
  }

  /** Highest logit of the clipped view and of the windows over the rest (long texts). */
  private windowedLogit(text: string): number {
    const { maxChars, normalizer } = this.model.features;
    const normalised = normalizeForInjection(text, normalizer);
    const dot = (t: string) => this.featurizer.dot(t, this.model.weights) + this.model.bias;
    // the featuriser itself reads the first maxChars and last maxChars / 4 characters
    let z = dot(normalised);
    const end = normalised.length - (maxChars >> 2) + INJECTION_WINDOW_OVERLAP;
    const stride = INJECTION_WINDOW - INJECTION_WINDOW_OVERLAP;
    for (let from = maxChars - INJECTION_WINDOW_OVERLAP; from < end - INJECTION_WINDOW_OVERLAP; from += stride) {
      z = Math.max(z, dot(normalised.slice(from, Math.min(from + INJECTION_WINDOW, end))));
    }
    return z;
  }

  classify(text: string): InjectionResult {
    if (text.trim().length === 0) return { detected: false, score: 0 };
    const { a, b } = this.model.calibration;
    const z = text.length > this.model.features.maxChars ? this.windowedLogit(text) : this.logit(text);
    const score = 1 / (1 + Math.exp(-(a * z + b)));
    return { detected: score >= this.model.threshold, score };
  }
}
