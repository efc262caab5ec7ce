// Hashed character and word n-gram features for the injection classifier. Training
// (services/guardrails/training) and inference use this one implementation, so the two
// can never drift apart.

export interface FeatureConfig {
  /** log2 of the number of character n-gram buckets */
  charBits: number;
  /** log2 of the number of word n-gram buckets */
  wordBits: number;
  minCharN: number;
  maxCharN: number;
  /** Texts longer than this are featurised on their first `maxChars` and last `maxChars / 4` characters. */
  maxChars: number;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  charBits: 18,
  wordBits: 16,
  minCharN: 2,
  maxCharN: 5,
  maxChars: 4096,
};

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const WORD_SEED = 0x9e3779b1;

export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

function isWordCode(code: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  return WORD_CHAR.test(String.fromCharCode(code));
}

/**
 * Reusable feature extractor. Holds scratch buffers, so one instance must not be used
 * from two places at once (JS is single-threaded; the engine owns one).
 */
export class Featurizer {
  readonly dim: number;
  private readonly charMask: number;
  private readonly wordMask: number;
  private readonly charDim: number;
  private readonly counts: Float32Array;
  private touched: Int32Array;
  private nTouched = 0;
  private codes: Uint16Array = new Uint16Array(1024);

  constructor(readonly config: FeatureConfig = DEFAULT_FEATURE_CONFIG) {
    this.charDim = 1 << config.charBits;
    this.charMask = this.charDim - 1;
    this.wordMask = (1 << config.wordBits) - 1;
    this.dim = this.charDim + (1 << config.wordBits);
    this.counts = new Float32Array(this.dim);
    this.touched = new Int32Array(4096);
  }

  private add(index: number): void {
    if (this.counts[index] === 0) {
      if (this.nTouched === this.touched.length) {
        const grown = new Int32Array(this.touched.length * 2);
        grown.set(this.touched);
        this.touched = grown;
      }
      this.touched[this.nTouched++] = index;
    }
    this.counts[index] += 1;
  }

  /**
   * Extracts features of already-normalised text into the scratch buffers and returns the
   * number of touched indices. Values are sublinear term frequencies, L2-normalised per
   * block (characters, words) and weighted 1/sqrt(2) each so that the vector has norm 1
   * whatever the text's length.
   */
  private extract(text: string): number {
    const { minCharN, maxCharN, maxChars } = this.config;
    let source = text;
    if (source.length > maxChars) source = source.slice(0, maxChars) + ' ' + source.slice(source.length - (maxChars >> 2));
    const len = source.length + 2;
    if (this.codes.length < len) this.codes = new Uint16Array(len * 2);
    const codes = this.codes;
    codes[0] = 32;
    for (let i = 0; i < source.length; i++) codes[i + 1] = source.charCodeAt(i);
    codes[len - 1] = 32;
    this.nTouched = 0;

    // character n-grams over the space-padded text
    for (let i = 0; i < len; i++) {
      let h = FNV_OFFSET;
      const top = Math.min(maxCharN, len - i);
      for (let n = 1; n <= top; n++) {
        h = Math.imul(h ^ codes[i + n - 1], FNV_PRIME);
        if (n >= minCharN) this.add((h ^ (h >>> 15)) & this.charMask);
      }
    }
    const charTouched = this.nTouched;

    // word unigrams and bigrams
    let prev = 0;
    let hasPrev = false;
    let i = 0;
    while (i < len) {
      while (i < len && !isWordCode(codes[i])) i++;
      if (i >= len) break;
      let h = WORD_SEED;
      while (i < len && isWordCode(codes[i])) {
        h = Math.imul(h ^ codes[i], FNV_PRIME);
        i++;
      }
      h = h ^ (h >>> 13);
      this.add(this.charDim + (h & this.wordMask));
      if (hasPrev) {
        const b = Math.imul(prev ^ Math.imul(h, 0x27d4eb2d), FNV_PRIME);
        this.add(this.charDim + ((b ^ (b >>> 16)) & this.wordMask));
      }
      prev = h;
      hasPrev = true;
    }

    this.normaliseBlock(0, charTouched);
    this.normaliseBlock(charTouched, this.nTouched);
    return this.nTouched;
  }

  private normaliseBlock(from: number, to: number): void {
    let sq = 0;
    for (let k = from; k < to; k++) {
      const idx = this.touched[k];
      const v = 1 + Math.log(this.counts[idx]);
      this.counts[idx] = v;
      sq += v * v;
    }
    if (sq === 0) return;
    const scale = Math.SQRT1_2 / Math.sqrt(sq);
    for (let k = from; k < to; k++) this.counts[this.touched[k]] *= scale;
  }

  /** Dot product of the text's features with `weights` (length `dim`); clears the scratch. */
  dot(text: string, weights: Float32Array): number {
    const n = this.extract(text);
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const idx = this.touched[k];
      sum += weights[idx] * this.counts[idx];
      this.counts[idx] = 0;
    }
    return sum;
  }

  /** Sparse copy of the text's features (for training). */
  sparse(text: string): SparseVector {
    const n = this.extract(text);
    const indices = new Int32Array(n);
    const values = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      const idx = this.touched[k];
      indices[k] = idx;
      values[k] = this.counts[idx];
      this.counts[idx] = 0;
    }
    return { indices, values };
  }
}
