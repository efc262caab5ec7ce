import { InjectionResult } from '../types';
import { Featurizer } from './features';
import { InjectionModel } from './model';
import { normalizeForInjection } from './normalize';

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
    return this.featurizer.dot(normalizeForInjection(text), this.model.weights) + this.model.bias;
  }

  classify(text: string): InjectionResult {
    if (text.trim().length === 0) return { detected: false, score: 0 };
    const { a, b } = this.model.calibration;
    const score = 1 / (1 + Math.exp(-(a * this.logit(text) + b)));
    return { detected: score >= this.model.threshold, score };
  }
}
