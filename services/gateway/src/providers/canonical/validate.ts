import type { z } from 'zod';
import { ChatCompletionRequestSchema, type ChatCompletionRequest } from './chat.schema';
import { EmbeddingsRequestSchema, type EmbeddingsRequest } from './embeddings.schema';

export interface FieldError {
  /** e.g. `messages[2].role` */
  path: string;
  message: string;
}

/** A request that does not match the canonical schema; `details` lists every bad field. */
export class CanonicalValidationError extends Error {
  constructor(readonly details: FieldError[]) {
    super(details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; '));
    this.name = 'CanonicalValidationError';
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

type Issue = z.core.$ZodIssue;

/**
 * A failed union (`content: string | parts[]`) says only "invalid input" at the union; the
 * branch that got furthest (deepest issue path) names the field that is actually wrong.
 */
function expand(issue: Issue, prefix: PropertyKey[] = []): { path: PropertyKey[]; message: string }[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length) {
    const depth = (branch: Issue[]) => Math.max(...branch.map((i) => i.path.length));
    const best = issue.errors.filter((b) => b.length).sort((a, b) => depth(b) - depth(a))[0];
    if (best && depth(best) > 0) return best.flatMap((i) => expand(i, path));
  }
  return [{ path, message: issue.message }];
}

export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => expand(issue)).map((i) => ({ path: formatPath(i.path), message: i.message }));
}

function parseWith<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new CanonicalValidationError(toFieldErrors(result.error));
  return result.data;
}

export function parseChatCompletionRequest(body: unknown): ChatCompletionRequest {
  return parseWith(ChatCompletionRequestSchema, body);
}

export function parseEmbeddingsRequest(body: unknown): EmbeddingsRequest {
  return parseWith(EmbeddingsRequestSchema, body);
}
