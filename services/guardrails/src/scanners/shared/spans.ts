import { Finding } from '../types';

/**
 * Keeps one finding per overlapping cluster member: higher `priority` wins, then the
 * higher score, then the longer span. Output is sorted by start.
 */
export function resolveOverlaps<T extends Finding & { priority?: number }>(findings: T[]): T[] {
  const ranked = findings.slice().sort(
    (a, b) => (b.priority ?? 0) - (a.priority ?? 0) || b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: T[] = [];
  for (const f of ranked) {
    let overlaps = false;
    for (const k of kept) {
      if (f.start < k.end && k.start < f.end) {
        overlaps = true;
        break;
      }
    }
    if (!overlaps) kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start);
}
