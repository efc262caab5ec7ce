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
  /**
   * log2 of the number of concept buckets (multilingual intent lexicon, see intent-lexicon.ts);
   * 0 or absent: no concept block (model format 1).
   */
  conceptBits?: number;
  /** Largest distance in words between two concepts that form a pair feature. */
  conceptWindow?: number;
  /** Weights of the character, word and concept blocks (each block is L2-normalised first). */
  blockWeights?: [number, number, number];
  /**
   * Version of normalizeForInjection the model was trained with (default 1): 2 also
   * decodes HTML references, escapes, percent-encoding, hex runs and reversed text.
   */
  normalizer?: 1 | 2;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  charBits: 18,
  wordBits: 16,
  minCharN: 2,
  maxCharN: 5,
  maxChars: 4096,
};

import { CONCEPTS, intentLexicon } from './intent-lexicon';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const WORD_SEED = 0x9e3779b1;

/** Number of feature buckets (weights) a model with this configuration has. */
export function featureDim(config: FeatureConfig): number {
  const concept = config.conceptBits ?? 0;
  return (1 << config.charBits) + (1 << config.wordBits) + (concept > 0 ? 1 << concept : 0);
}

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
  private readonly wordDim: number;
  private readonly conceptMask: number;
  private readonly conceptWindow: number;
  private readonly weights: [number, number, number];
  private readonly lex: ConceptHashes | undefined;
  private conceptIds: Int32Array = new Int32Array(256);
  private conceptPos: Int32Array = new Int32Array(256);
  private conceptStart: Uint8Array = new Uint8Array(256);
  private lastConceptCount = 0;
  private readonly counts: Float32Array;
  private touched: Int32Array;
  private nTouched = 0;
  private codes: Uint16Array = new Uint16Array(1024);

  constructor(readonly config: FeatureConfig = DEFAULT_FEATURE_CONFIG) {
    this.charDim = 1 << config.charBits;
    this.charMask = this.charDim - 1;
    this.wordMask = (1 << config.wordBits) - 1;
    this.wordDim = 1 << config.wordBits;
    const conceptBits = config.conceptBits ?? 0;
    this.conceptMask = conceptBits > 0 ? (1 << conceptBits) - 1 : 0;
    this.conceptWindow = config.conceptWindow ?? 4;
    this.dim = this.charDim + this.wordDim + (conceptBits > 0 ? 1 << conceptBits : 0);
    this.lex = conceptBits > 0 ? conceptHashes() : undefined;
    this.weights = config.blockWeights ?? (conceptBits > 0 ? [Math.sqrt(1 / 3), Math.sqrt(1 / 3), Math.sqrt(1 / 3)] : [Math.SQRT1_2, Math.SQRT1_2, 0]);
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
   * block (characters, words, concepts) and weighted by `blockWeights` (1/sqrt(2) each for
   * the two blocks of model format 1) so that the vector's norm does not grow with the
   * text's length.
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

    // word unigrams and bigrams; concept tokens on the side when the lexicon is on
    const lex = this.lex;
    let nConcepts = 0;
    let wordIndex = 0;
    let sentenceStart = true;
    let prev = 0;
    let hasPrev = false;
    let i = 0;
    while (i < len) {
      while (i < len && !isWordCode(codes[i])) {
        const c = codes[i];
        if (c === 46 || c === 33 || c === 63 || c === 58 || c === 59 || c === 10 || c === 34) sentenceStart = true;
        i++;
      }
      if (i >= len) break;
      const from = i;
      let h = WORD_SEED;
      let concept = -1;
      while (i < len && isWordCode(codes[i])) {
        h = Math.imul(h ^ codes[i], FNV_PRIME);
        i++;
        // running hash of the prefix so far: longest matching prefix entry wins
        if (lex !== undefined && i - from >= lex.minPrefix && i - from <= lex.maxPrefix) {
          const p = lex.prefix.get(h);
          if (p !== undefined) concept = p;
        }
      }
      if (lex !== undefined) {
        const e = lex.exact.get(h);
        if (e !== undefined) concept = e;
        else if (concept < 0 && i - from >= 8) concept = suffixConcept(lex, codes, from, i);
        if (concept >= 0) {
          if (nConcepts === this.conceptIds.length) this.growConcepts();
          this.conceptIds[nConcepts] = concept;
          this.conceptPos[nConcepts] = wordIndex;
          this.conceptStart[nConcepts] = sentenceStart ? 1 : 0;
          nConcepts++;
        }
      }
      sentenceStart = false;
      wordIndex++;
      h = h ^ (h >>> 13);
      this.add(this.charDim + (h & this.wordMask));
      if (hasPrev) {
        const b = Math.imul(prev ^ Math.imul(h, 0x27d4eb2d), FNV_PRIME);
        this.add(this.charDim + ((b ^ (b >>> 16)) & this.wordMask));
      }
      prev = h;
      hasPrev = true;
    }
    const wordTouched = this.nTouched;
    this.lastConceptCount = nConcepts;
    if (lex !== undefined) this.addConcepts(nConcepts, source.length > 0 && source.charCodeAt(source.length - 1) === 63);

    this.normaliseBlock(0, charTouched, this.weights[0]);
    this.normaliseBlock(charTouched, wordTouched, this.weights[1]);
    this.normaliseBlock(wordTouched, this.nTouched, this.weights[2]);
    return this.nTouched;
  }

  private growConcepts(): void {
    const n = this.conceptIds.length * 2;
    const ids = new Int32Array(n);
    ids.set(this.conceptIds);
    const pos = new Int32Array(n);
    pos.set(this.conceptPos);
    const start = new Uint8Array(n);
    start.set(this.conceptStart);
    this.conceptIds = ids;
    this.conceptPos = pos;
    this.conceptStart = start;
  }

  /**
   * Concept features: unigrams, concepts that open a sentence (imperatives such as
   * "ignore …", "vergiss …"), ordered pairs within `conceptWindow` words, and triples of
   * consecutive concepts within twice that; plus "ends with a question mark".
   */
  private addConcepts(n: number, endsWithQuestion: boolean): void {
    const base = this.charDim + this.wordDim;
    const mask = this.conceptMask;
    const ids = this.conceptIds;
    const pos = this.conceptPos;
    const win = this.conceptWindow;
    const slot = (h: number) => base + ((h ^ (h >>> 15)) & mask);
    if (endsWithQuestion) this.add(slot(mix(0x51, 1, 0)));
    for (let a = 0; a < n; a++) {
      this.add(slot(mix(0x11, ids[a], 0)));
      if (this.conceptStart[a] === 1) this.add(slot(mix(0x22, ids[a], 0)));
      for (let b = a + 1; b < n && pos[b] - pos[a] <= win; b++) this.add(slot(mix(0x33, ids[a], ids[b])));
      if (a + 2 < n && pos[a + 2] - pos[a] <= 2 * win) this.add(slot(mix(0x44, ids[a], ids[a + 1] * 64 + ids[a + 2])));
    }
  }

  private normaliseBlock(from: number, to: number, weight: number): void {
    let sq = 0;
    for (let k = from; k < to; k++) {
      const idx = this.touched[k];
      const v = 1 + Math.log(this.counts[idx]);
      this.counts[idx] = v;
      sq += v * v;
    }
    if (sq === 0) return;
    const scale = weight / Math.sqrt(sq);
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

  /** The concept ids the featuriser finds in already-normalised text, in order (tests, debugging). */
  concepts(text: string): number[] {
    if (this.lex === undefined) return [];
    const n = this.extract(text);
    for (let k = 0; k < n; k++) this.counts[this.touched[k]] = 0;
    return Array.from(this.conceptIds.subarray(0, this.lastConceptCount));
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

function mix(kind: number, a: number, b: number): number {
  let h = Math.imul(FNV_OFFSET ^ kind, FNV_PRIME);
  h = Math.imul(h ^ (a + 1), FNV_PRIME);
  h = Math.imul(h ^ (b + 1), FNV_PRIME);
  return h;
}

/** The lexicon keyed by the featuriser's running word hash (no string is built per word). */
interface ConceptHashes {
  exact: Map<number, number>;
  prefix: Map<number, number>;
  /** suffix entries keyed by the hash of the reversed suffix */
  suffix: Map<number, number>;
  suffixLengths: number[];
  minPrefix: number;
  maxPrefix: number;
}

let conceptHashCache: ConceptHashes | undefined;

function wordHash(word: string): number {
  let h = WORD_SEED;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  return h;
}

function reverseHash(word: string): number {
  let h = WORD_SEED;
  for (let i = word.length - 1; i >= 0; i--) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  return h;
}

function conceptHashes(): ConceptHashes {
  if (conceptHashCache) return conceptHashCache;
  const lex = intentLexicon();
  const exact = new Map<number, number>();
  const prefix = new Map<number, number>();
  const suffix = new Map<number, number>();
  const lengths = new Set<number>();
  for (const [w, id] of lex.exact) if (!exact.has(wordHash(w))) exact.set(wordHash(w), id);
  for (const [w, id] of lex.prefix) if (!prefix.has(wordHash(w))) prefix.set(wordHash(w), id);
  for (const [w, id] of lex.suffix) {
    if (!suffix.has(reverseHash(w))) suffix.set(reverseHash(w), id);
    lengths.add(w.length);
  }
  conceptHashCache = {
    exact,
    prefix,
    suffix,
    suffixLengths: [...lengths].sort((a, b) => b - a),
    minPrefix: lex.minPrefix,
    maxPrefix: lex.maxPrefix,
  };
  return conceptHashCache;
}

function suffixConcept(lex: ConceptHashes, codes: Uint16Array, from: number, to: number): number {
  const longest = lex.suffixLengths[0] ?? 0;
  let h = WORD_SEED;
  let best = -1;
  for (let i = to - 1, n = 1; i >= from && n <= longest; i--, n++) {
    h = Math.imul(h ^ codes[i], FNV_PRIME);
    // the longest matching suffix wins; a suffix must leave at least 3 characters in front
    if (to - from > n + 2 && lex.suffixLengths.includes(n)) {
      const id = lex.suffix.get(h);
      if (id !== undefined) best = id;
    }
  }
  return best;
}

export const CONCEPT_COUNT = CONCEPTS.length;
