// Seeded template filling shared by the written-data generators (generate-augmentation-v2/-v3):
// "{slot}" placeholders, nested up to three deep, filled from lists with a seeded PRNG, and
// every text kept once across the whole generator run.
import { pick } from './random';

export type Row = { text: string; label: 0 | 1; source: string; language: string };
export type Slots = Record<string, readonly string[]>;

export interface SlotFillerOptions {
  /** A slot named twice in one row gets the same value (round 3); round 2 drew each anew. */
  sameValuePerSlot?: boolean;
}

export function createSlotFiller(rand: () => number, source: (style: string, label: 0 | 1) => string, options: SlotFillerOptions = {}) {
  const seen = new Set<string>();

  function fill(template: string, slots: Slots): string {
    const chosen = new Map<string, string>();
    const value = (k: string) => {
      if (!options.sameValuePerSlot) return pick(rand, slots[k]);
      if (!chosen.has(k)) chosen.set(k, pick(rand, slots[k]));
      return chosen.get(k)!;
    };
    let out = template;
    for (let depth = 0; depth < 3 && /\{\w+\}/.test(out); depth++) {
      out = out.replace(/\{(\w+)\}/g, (m, k: string) => (slots[k] ? value(k) : m));
    }
    return out;
  }

  /** Up to `perTemplate` distinct rows per template (giving up after 8x as many draws). */
  function gen(style: string, language: string, label: 0 | 1, templates: readonly string[], slots: Slots, perTemplate: number): Row[] {
    const out: Row[] = [];
    for (const t of templates) {
      let made = 0;
      for (let i = 0; i < perTemplate * 8 && made < perTemplate; i++) {
        const text = fill(t, slots);
        if (seen.has(text)) continue;
        seen.add(text);
        made++;
        out.push({ text, label, source: source(style, label), language });
      }
    }
    return out;
  }

  /** Fixed texts, minus any already produced. */
  function fixed(style: string, language: string, label: 0 | 1, texts: readonly string[]): Row[] {
    return texts.filter((t) => !seen.has(t) && seen.add(t)).map((text) => ({ text, label, source: source(style, label), language }));
  }

  return { fill, gen, fixed, seen };
}
