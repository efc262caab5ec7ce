/** Load helpers shared by the benchmark's sections. */

/** The p-th percentile of sorted values (nearest rank below). */
export const pct = (sorted: number[], p: number): number => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);

export const fmt = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : '—');

export interface ClosedLoopResult {
  ok: number;
  failures: number;
  /** Failures by error message (the first 120 characters). */
  reasons: Map<string, number>;
  elapsed: number;
  p50: number;
  p99: number;
  max: number;
  rps: number;
}

/** `concurrency` callers, each calling `run` again as soon as it returns, for `seconds` (or until `until()`). */
export async function closedLoop(run: () => Promise<void>, seconds: number, concurrency: number, until?: () => boolean): Promise<ClosedLoopResult> {
  const latencies: number[] = [];
  let failures = 0;
  const reasons = new Map<string, number>();
  const end = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (until ? !until() : Date.now() < end) {
        const t = process.hrtime.bigint();
        try {
          await run();
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        } catch (e) {
          failures += 1;
          const reason = `${(e as { code?: string }).code ?? (e as Error).name}: ${(e as Error).message}`.slice(0, 120);
          reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        }
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return { ok: latencies.length, failures, reasons, elapsed, p50: pct(latencies, 50), p99: pct(latencies, 99), max: latencies.at(-1) ?? 0, rps: latencies.length / elapsed };
}

/** A markdown table: header cells, then rows; numbers right-aligned. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const width = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[], numeric: boolean) =>
    `| ${r.map((c, i) => (numeric && i > 0 ? c.padStart(width[i]) : c.padEnd(width[i]))).join(' | ')} |`;
  return [line(header, false), `|${width.map((w, i) => (i > 0 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`, ...cells.map((r) => line(r, true))].join('\n');
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
