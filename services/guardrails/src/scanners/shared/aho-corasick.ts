/**
 * Aho-Corasick automaton over ASCII keywords, matched case-insensitively in one pass over
 * the text. It tells which keyword groups occur so that only their regexes run.
 */
export class KeywordAutomaton {
  private readonly delta: Int32Array;
  private readonly outputs: ReadonlyArray<readonly number[]>;

  /** `keywords[i]` is the list of keywords of group i (lower-case ASCII). */
  constructor(keywords: ReadonlyArray<readonly string[]>) {
    const goto: Array<Map<number, number>> = [new Map()];
    const out: number[][] = [[]];
    keywords.forEach((list, group) => {
      for (const raw of list) {
        const kw = raw.toLowerCase();
        let s = 0;
        for (let i = 0; i < kw.length; i++) {
          const c = kw.charCodeAt(i);
          if (c > 127) throw new Error(`keyword ${raw} is not ASCII`);
          let next = goto[s].get(c);
          if (next === undefined) {
            next = goto.length;
            goto.push(new Map());
            out.push([]);
            goto[s].set(c, next);
          }
          s = next;
        }
        if (!out[s].includes(group)) out[s].push(group);
      }
    });
    const n = goto.length;
    const delta = new Int32Array(n * 128);
    const fail = new Int32Array(n);
    const queue: number[] = [];
    for (let c = 0; c < 128; c++) {
      const s = goto[0].get(c);
      if (s !== undefined) {
        delta[c] = s;
        queue.push(s);
      }
    }
    for (let q = 0; q < queue.length; q++) {
      const r = queue[q];
      for (const g of out[fail[r]]) if (!out[r].includes(g)) out[r].push(g);
      for (let c = 0; c < 128; c++) {
        const s = goto[r].get(c);
        if (s !== undefined) {
          fail[s] = delta[fail[r] * 128 + c];
          delta[r * 128 + c] = s;
          queue.push(s);
        } else {
          delta[r * 128 + c] = delta[fail[r] * 128 + c];
        }
      }
    }
    this.delta = delta;
    this.outputs = out;
  }

  /** Marks `hit[group] = 1` for every group whose keyword occurs in `text`. */
  scan(text: string, hit: Uint8Array): void {
    const delta = this.delta;
    const outputs = this.outputs;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) c += 32;
      else if (c > 127) {
        s = 0;
        continue;
      }
      s = delta[(s << 7) | c];
      const o = outputs[s];
      if (o.length !== 0) for (let k = 0; k < o.length; k++) hit[o[k]] = 1;
    }
  }
}
