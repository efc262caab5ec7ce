import { Finding } from '../types';

/** Above this many findings, overlaps are checked on a map of covered positions. */
const COVER_MAP_FROM = 64;

/**
 * Keeps one finding per overlapping cluster member: higher `priority` wins, then the
 * higher score, then the longer span. Output is sorted by start.
 *
 * Kept findings never overlap one another, so with many findings (a long text full of names)
 * the check "does this one overlap anything kept?" reads a map of covered positions instead
 * of every kept finding: linear in the spans' total length rather than findings × kept.
 */
export function resolveOverlaps<T extends Finding & { priority?: number }>(findings: T[]): T[] {
  const ranked = findings.slice().sort(
    (a, b) => (b.priority ?? 0) - (a.priority ?? 0) || b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: T[] = [];
  if (ranked.length < COVER_MAP_FROM) {
    for (const f of ranked) if (!overlapsAny(f, kept)) kept.push(f);
    return kept.sort((a, b) => a.start - b.start);
  }
  let size = 0;
  for (const f of ranked) size = Math.max(size, f.end);
  const covered = new Uint8Array(size);
  // empty spans cover no position but still block a later span around them; rare
  const keptEmpty: T[] = [];
  for (const f of ranked) {
    if (f.end <= f.start) {
      if (!overlapsAny(f, kept)) {
        kept.push(f);
        keptEmpty.push(f);
      }
      continue;
    }
    let free = true;
    for (let i = f.start; i < f.end; i++) {
      if (covered[i] === 1) {
        free = false;
        break;
      }
    }
    if (!free || (keptEmpty.length > 0 && overlapsAny(f, keptEmpty))) continue;
    covered.fill(1, f.start, f.end);
    kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start);
}

function overlapsAny(f: Finding, kept: readonly Finding[]): boolean {
  for (const k of kept) if (f.start < k.end && k.start < f.end) return true;
  return false;
}
