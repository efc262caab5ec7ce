import { base62Crc32Valid } from '../shared/checksums';

/** `<prefix>_<30 base62><6 base62 CRC32>` (GitHub classic/app tokens, npm tokens). */
export function prefixedCrc32Valid(secret: string): boolean {
  const underscore = secret.indexOf('_');
  const body = secret.slice(underscore + 1, -6);
  return base62Crc32Valid(body, secret.slice(-6));
}

function base64UrlJson(part: string): unknown {
  try {
    const json = Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

/** A JWS compact token whose header is a JSON object naming an `alg` and whose payload is JSON. */
export function jwtValid(secret: string): boolean {
  const parts = secret.split('.');
  if (parts.length !== 3) return false;
  const header = base64UrlJson(parts[0]);
  if (typeof header !== 'object' || header === null || typeof (header as { alg?: unknown }).alg !== 'string') return false;
  const payload = base64UrlJson(parts[1]);
  return typeof payload === 'object' && payload !== null;
}

const PLACEHOLDER = new RegExp(
  '^(?:' +
    [
      '\\$\\{?[A-Za-z_][\\w.]*\\}?', // $VAR, ${VAR}
      '%\\(?[\\w.]+\\)?s?', // %(name)s
      '<[^>]{1,64}>', // <password>
      '\\{\\{[^}]{1,64}\\}\\}', // {{ secret }}
      '(?:x+|\\*+|\\.+|-+|_+|0+|#+)', // masks
      '(?:your|my|the|some|a)[_-]?(?:db[_-]?)?(?:password|passwd|pass|pwd|secret|key|token|api[_-]?key)[\\w-]{0,16}',
      '(?:example|sample|dummy|placeholder|changeme|change[_-]?me|redacted|secret|password|passwd|null|none|undefined|true|false|string|token|xxx|todo|test|fake)[\\d_-]{0,8}',
      'process\\.env\\.[\\w.]+',
      'os\\.environ.*',
      'env\\(.*',
    ].join('|') +
    ')$',
  'i',
);

/** Rejects values that are obviously not real secrets (variables, templates, masks). */
export function notPlaceholder(secret: string): boolean {
  return !PLACEHOLDER.test(secret);
}

/** Mixed character classes: at least two of lower, upper, digit. */
export function mixedCharacters(secret: string): boolean {
  let kinds = 0;
  if (/[a-z]/.test(secret)) kinds++;
  if (/[A-Z]/.test(secret)) kinds++;
  if (/[0-9]/.test(secret)) kinds++;
  return kinds >= 2;
}

export function all(...checks: Array<(s: string) => boolean>): (s: string) => boolean {
  return (s) => checks.every((c) => c(s));
}
