import type { z } from 'zod';

/**
 * `principal.keyId: Too small: expected string to have >=1 characters; status: Invalid input: ...`.
 * Zod messages name the rule and the expected type, never the received value, so this is safe
 * to log and to put in headers even when the payload holds a prompt.
 */
export function formatIssues(error: z.ZodError, prefix?: string): string {
  return error.issues
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter((p) => p !== undefined && p !== '').join('.');
      return `${path || '(root)'}: ${issue.message}`;
    })
    .join('; ');
}

/** The message of anything thrown, without its stack. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string') {
    return (err as { message: string }).message;
  }
  return String(err);
}
