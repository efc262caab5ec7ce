const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces every mention of `subject` in a JSON value — a string equal to it, or it as a whole
 * token inside a longer string (`user:alice`, `by alice:`), in values and member names — by
 * `pseudonym`. `alice` in `malice` or `alice2` is left alone.
 */
export function pseudonymise<T>(value: T, subject: string, pseudonym: string): { value: T; changed: boolean } {
  const token = new RegExp(`(?<![\\w.@+-])${escapeRegExp(subject)}(?![\\w.@+-])`, 'g');
  let changed = false;
  const text = (s: string): string => {
    if (s === subject) {
      changed = true;
      return pseudonym;
    }
    if (!s.includes(subject)) return s;
    const out = s.replace(token, pseudonym);
    if (out !== s) changed = true;
    return out;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [text(k), walk(x)]));
    return v;
  };
  const result = walk(value) as T;
  return { value: result, changed };
}
