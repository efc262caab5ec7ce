import { createHash } from 'node:crypto';
import type { ErrorDetail } from '@ironcage/kit';
import { isMap, isNode, isPair, isScalar, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import type { z } from 'zod';
import { compilePolicy, PolicyCompileError } from './compiled-policy';
import { type PolicyDocument, policyDocumentSchema } from './policy-document';

export const POLICY_MAX_BYTES = 256 * 1024;

export interface ParsedPolicy {
  document: PolicyDocument;
  sha256: string;
}

export class PolicyInvalidError extends Error {
  constructor(readonly details: ErrorDetail[]) {
    super(`the policy is invalid: ${details.map((d) => `${d.path ?? ''} ${d.message}`.trim()).join('; ')}`);
  }
}

type Path = (string | number)[];

const pathText = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), '');

/** The node at `path`, or the deepest ancestor that exists (a missing field is reported at its parent). */
function nodeAt(root: Node | null, path: readonly PropertyKey[]): Node | null {
  let node: Node | null = root;
  for (const key of path) {
    if (!node || !isNode(node)) return node;
    const next = (node as YAMLMap).get?.(key, true) as Node | undefined;
    if (!next) return node;
    node = next;
  }
  return node;
}

/** The key node of `key` in the map at `path` (for unknown keys). */
function keyNodeAt(root: Node | null, path: readonly PropertyKey[], key: string): Node | null {
  const map = nodeAt(root, path);
  if (!map || !isMap(map)) return map;
  const pair = map.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
  return (pair?.key as Node | undefined) ?? map;
}

/**
 * YAML text → a validated policy document, or a PolicyInvalidError whose details name each problem
 * by field path (`input.pii.action`) with its line and column.
 */
export function parsePolicy(source: string): ParsedPolicy {
  if (Buffer.byteLength(source, 'utf8') > POLICY_MAX_BYTES) {
    throw new PolicyInvalidError([{ path: 'policy', message: `is larger than ${POLICY_MAX_BYTES} bytes` }]);
  }
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): string => {
    if (offset === undefined) return '';
    const { line, col } = lines.linePos(offset);
    return `line ${line}, column ${col}: `;
  };
  if (doc.errors.length > 0) {
    throw new PolicyInvalidError(doc.errors.map((e) => ({ path: 'policy', message: `${at(e.pos[0])}${e.message.split('\n')[0]}` })));
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PolicyInvalidError([{ path: 'policy', message: 'must be a YAML mapping (version: 1, input:, output:, tools: …)' }]);
  }
  const parsed = policyDocumentSchema.safeParse(value);
  if (!parsed.success) throw new PolicyInvalidError(issuesToDetails(parsed.error, doc.contents, at));
  try {
    compilePolicy(parsed.data);
  } catch (e) {
    if (!(e instanceof PolicyCompileError)) throw e;
    const node = nodeAt(doc.contents, e.path);
    throw new PolicyInvalidError([{ path: pathText(e.path), message: `${at(node?.range?.[0])}${e.message}` }]);
  }
  return { document: parsed.data, sha256: createHash('sha256').update(source).digest('hex') };
}

function issuesToDetails(error: z.ZodError, root: Node | null, at: (offset: number | undefined) => string): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const node = keyNodeAt(root, issue.path, key);
        details.push({ path: pathText([...issue.path, key] as Path), message: `${at(node?.range?.[0])}unknown field "${key}"` });
      }
      continue;
    }
    const node = nodeAt(root, issue.path);
    details.push({ path: pathText(issue.path) || 'policy', message: `${at(node?.range?.[0])}${issue.message}` });
  }
  return details;
}
