import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FeatureConfig, featureDim } from './features';

/**
 * Format 2 added the concept block (FeatureConfig.conceptBits); format 3 adds
 * FeatureConfig.normalizer, which an older reader would ignore and so featurise wrongly.
 * Formats 1 and 2 still load.
 */
export const INJECTION_MODEL_FORMAT = 'ironcage-injection-linear/3';
const READABLE_FORMATS: readonly string[] = ['ironcage-injection-linear/1', 'ironcage-injection-linear/2', INJECTION_MODEL_FORMAT];

/** The committed model file (services/guardrails/models/injection-*.json). */
export interface InjectionModelFile {
  format: typeof INJECTION_MODEL_FORMAT | 'ironcage-injection-linear/1' | 'ironcage-injection-linear/2';
  version: string;
  createdAt: string;
  training: {
    /** sha256 over the training rows as the training script read them */
    dataSha256: string;
    /** the files hashed into dataSha256, in order (paths relative to the repository's parent) */
    files?: string[];
    rows: number;
    seed: number;
    command: string;
  };
  features: FeatureConfig;
  /** int16 weights, little-endian, base64; weight = int * scale */
  weights: { encoding: 'int16le-base64'; scale: number; sha256: string; data: string };
  bias: number;
  /** Platt scaling fitted on held-out logits: p = 1 / (1 + exp(-(a * logit + b))) */
  calibration: { a: number; b: number };
  /** Decision threshold on the calibrated score, chosen on validation predictions */
  threshold: number;
  validation?: Record<string, number>;
}

export interface InjectionModel {
  version: string;
  features: FeatureConfig;
  weights: Float32Array;
  bias: number;
  calibration: { a: number; b: number };
  threshold: number;
}

export const DEFAULT_INJECTION_MODEL_PATH = join(__dirname, '..', '..', '..', 'models', 'injection-v3.json');

export class InjectionModelError extends Error {}

export function decodeInjectionModel(file: InjectionModelFile): InjectionModel {
  if (!READABLE_FORMATS.includes(file.format)) throw new InjectionModelError(`unsupported model format ${String(file.format)}`);
  const raw = Buffer.from(file.weights.data, 'base64');
  const digest = createHash('sha256').update(raw).digest('hex');
  if (digest !== file.weights.sha256) throw new InjectionModelError('model weights do not match their sha256');
  const dim = featureDim(file.features);
  if (raw.length !== dim * 2) throw new InjectionModelError(`model has ${raw.length / 2} weights, features need ${dim}`);
  const weights = new Float32Array(dim);
  for (let i = 0; i < dim; i++) weights[i] = raw.readInt16LE(i * 2) * file.weights.scale;
  return {
    version: file.version,
    features: file.features,
    weights,
    bias: file.bias,
    calibration: file.calibration,
    threshold: file.threshold,
  };
}

export function encodeInjectionWeights(weights: Float32Array): InjectionModelFile['weights'] {
  let max = 0;
  for (let i = 0; i < weights.length; i++) max = Math.max(max, Math.abs(weights[i]));
  const scale = max === 0 ? 1 : max / 32767;
  const raw = Buffer.alloc(weights.length * 2);
  for (let i = 0; i < weights.length; i++) raw.writeInt16LE(Math.round(weights[i] / scale), i * 2);
  return {
    encoding: 'int16le-base64',
    scale,
    sha256: createHash('sha256').update(raw).digest('hex'),
    data: raw.toString('base64'),
  };
}

export function loadInjectionModel(path: string = DEFAULT_INJECTION_MODEL_PATH): InjectionModel {
  return decodeInjectionModel(JSON.parse(readFileSync(path, 'utf8')) as InjectionModelFile);
}
