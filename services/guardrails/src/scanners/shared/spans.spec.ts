import { Finding } from '../types';
import { resolveOverlaps } from './spans';

type F = Finding & { priority?: number; id: number };

/** The definition: rank, then keep each finding that overlaps nothing kept before it. */
function reference(findings: F[]): F[] {
  const ranked = findings.slice().sort(
    (a, b) => (b.priority ?? 0) - (a.priority ?? 0) || b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: F[] = [];
  for (const f of ranked) if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  return kept.sort((a, b) => a.start - b.start);
}

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('resolveOverlaps', () => {
  it('keeps the higher-priority, then higher-score, then longer finding of two that overlap', () => {
    const a: F = { id: 1, type: 'PERSON', start: 0, end: 10, score: 0.6 };
    const b: F = { id: 2, type: 'STREET_ADDRESS', start: 5, end: 20, score: 0.9 };
    const c: F = { id: 3, type: 'US_SSN', start: 8, end: 12, score: 0.5, priority: 2 };
    expect(resolveOverlaps([a, b]).map((f) => f.id)).toEqual([2]);
    expect(resolveOverlaps([a, b, c]).map((f) => f.id)).toEqual([3]);
    expect(resolveOverlaps([a, { ...b, start: 10 }]).map((f) => f.id)).toEqual([1, 2]);
  });

  it.each([5, 63, 64, 200, 2000])('agrees with the definition on %i random findings, empty spans included', (n) => {
    const rand = random(n);
    for (let round = 0; round < 20; round++) {
      const findings: F[] = Array.from({ length: n }, (_, id) => {
        const start = Math.floor(rand() * n * 4);
        const length = rand() < 0.05 ? 0 : 1 + Math.floor(rand() * 12);
        return { id, type: 'X', start, end: start + length, score: Math.round(rand() * 4) / 4, priority: rand() < 0.2 ? 1 : undefined };
      });
      expect(resolveOverlaps(findings).map((f) => f.id)).toEqual(reference(findings).map((f) => f.id));
    }
  });
});
