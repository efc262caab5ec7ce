import type { Condition } from './rule.schema';

/** The value at a dotted path of the event data, or undefined. */
export function fieldAt(data: unknown, path: string): unknown {
  let v: unknown = data;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** True when every filter of the condition holds for the event data. */
export function matchesFilters(condition: Condition, data: unknown): boolean {
  return Object.entries(condition.filters).every(([path, expected]) => {
    const actual = fieldAt(data, path);
    return Array.isArray(expected) ? expected.some((e) => e === actual) : expected === actual;
  });
}

/** The group an event falls in: its values of the group-by fields, and the key naming that group. */
export function groupOf(condition: Condition, data: unknown): { key: string; values: Record<string, string> } {
  const values: Record<string, string> = {};
  for (const path of condition.groupBy) {
    const v = fieldAt(data, path);
    values[path] = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return { key: condition.groupBy.length ? JSON.stringify(condition.groupBy.map((p) => [p, values[p]])) : '', values };
}

/** An error-rate rule counts the request as an error; an event-count rule counts every matching event. */
export function isFailure(condition: Condition, data: unknown): boolean {
  if (condition.kind !== 'error_rate') return true;
  const status = fieldAt(data, 'status');
  return typeof status === 'number' && status >= condition.statusAtLeast;
}

export interface Measure {
  total: number;
  failed: number;
}

/** Whether the condition holds over the window's counts, and the value it is judged by. */
export function judge(condition: Condition, m: Measure): { holds: boolean; value: number } {
  if (condition.kind === 'event_count') return { holds: m.total >= condition.threshold, value: m.total };
  const rate = m.total ? (m.failed * 100) / m.total : 0;
  return { holds: m.total >= condition.minRequests && rate >= condition.ratePercent, value: Math.round(rate * 100) / 100 };
}

export function describeCondition(subject: string, condition: Condition, m: Measure, groupValues: Record<string, string>): string {
  const group = Object.entries(groupValues)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const where = group ? ` for ${group}` : '';
  if (condition.kind === 'event_count') {
    return condition.threshold === 1 && m.total <= 1
      ? `${subject}${where}`
      : `${m.total} × ${subject} in the last ${condition.windowSeconds} s${where} (threshold ${condition.threshold})`;
  }
  const rate = m.total ? ((m.failed * 100) / m.total).toFixed(1) : '0';
  return `error rate ${rate} % (${m.failed} of ${m.total} requests with status ≥ ${condition.statusAtLeast}) in the last ${condition.windowSeconds} s${where}, threshold ${condition.ratePercent} %`;
}
