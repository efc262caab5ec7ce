/** Per-scan state shared by the PII recognisers. */
export interface PiiCandidate {
  type: string;
  start: number;
  end: number;
  score: number;
  /** Higher wins when candidates of different types overlap. */
  priority: number;
}

export class PiiContext {
  readonly lower: string;
  readonly out: PiiCandidate[] = [];

  constructor(readonly text: string) {
    const lower = text.toLowerCase();
    // toLowerCase can change length for a few characters (e.g. "İ"); context look-ups need
    // offsets that agree with `text`.
    this.lower = lower.length === text.length ? lower : text.replace(/[^]/gu, (c) => (c.toLowerCase().length === c.length ? c.toLowerCase() : c));
  }

  add(type: string, start: number, end: number, score: number, priority: number): void {
    this.out.push({ type, start, end, score, priority });
  }

  /** True when `words` matches in the `window` characters before `start` (or `after` characters after `end`). */
  near(words: RegExp, start: number, end = start, window = 48, after = 0): boolean {
    const before = this.lower.slice(Math.max(0, start - window), start);
    if (words.test(before)) return true;
    return after > 0 && words.test(this.lower.slice(end, end + after));
  }
}
