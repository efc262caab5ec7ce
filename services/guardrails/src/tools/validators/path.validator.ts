import { posix } from 'node:path';

const ENCODED = /%(2e|2f|5c|00|c0|c1|e0|25)/i;

/** Problems with a file path an agent wants to use; it must stay under one of `roots` once normalised. */
export function checkPath(value: string, roots: readonly string[]): string[] {
  const problems: string[] = [];
  if (value.includes('\0')) return ['contains a NUL byte'];
  if (ENCODED.test(value)) problems.push('contains percent-encoded path characters (encoded dots, slashes or NUL)');
  // fullwidth dots and slashes become ASCII under NFKC; backslashes are separators on Windows
  const normalised = value.normalize('NFKC').replace(/\\/g, '/');
  if (normalised !== value.replace(/\\/g, '/')) problems.push('contains Unicode look-alikes of path characters');
  if (normalised.startsWith('~')) problems.push('is relative to a home directory');
  if (/^[A-Za-z]:\//.test(normalised) || normalised.startsWith('//')) problems.push('is a drive or network path');
  const base = posix.normalize(roots[0]);
  const resolved = posix.resolve(base, normalised);
  const inside = roots.some((r) => {
    const root = posix.normalize(r).replace(/\/+$/, '') || '/';
    return root === '/' || resolved === root || resolved.startsWith(`${root}/`);
  });
  if (!inside) problems.push(`resolves to ${resolved}, outside the allowed roots (${roots.join(', ')})`);
  return problems;
}
