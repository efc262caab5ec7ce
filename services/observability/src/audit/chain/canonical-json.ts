/**
 * Canonical JSON as in RFC 8785 (JSON Canonicalization Scheme): object members sorted by the
 * UTF-16 code units of their names, no whitespace, strings escaped and numbers written as
 * ECMAScript's `JSON.stringify` does (shortest round-trip form, `-0` as `0`). Members whose value
 * is `undefined` are left out and `undefined` array elements become `null` — what `JSON.stringify`
 * and therefore Postgres `jsonb` would store — so a value hashes the same before it is stored and
 * after it is read back.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no form for ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          out += value[i] === undefined ? 'null' : canonicalJson(value[i]);
        }
        return `${out}]`;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new TypeError(`canonical JSON takes plain objects only, got ${Object.prototype.toString.call(value)}`);
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      // the default sort compares UTF-16 code units, which is what RFC 8785 asks for
      if (keys.length > 1) keys.sort();
      let out = '{';
      let first = true;
      for (const key of keys) {
        const v = record[key];
        if (v === undefined) continue;
        if (!first) out += ',';
        first = false;
        out += `${JSON.stringify(key)}:${canonicalJson(v)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonical JSON has no form for a ${typeof value}`);
  }
}

/**
 * What Postgres can store of a JSON value, applied before hashing so that what is hashed is what
 * is read back: `jsonb` and `text` refuse U+0000 and unpaired surrogates (both become U+FFFD),
 * non-finite numbers become `null` (as `JSON.stringify` would write them).
 */
export function storableJson(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
      return storableText(value);
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : storableJson(v)));
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v !== undefined) out[storableText(k)] = storableJson(v);
      }
      return out;
    }
    default:
      return null;
  }
}

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function storableText(s: string): string {
  return s.replace(UNSTORABLE, '\uFFFD');
}
