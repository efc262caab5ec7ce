import { ApplicationFailure } from '@temporalio/common';
import { DomainError, RETRYABLE_CATEGORIES } from './domain-error';

/** Temporal's mapper: a domain error becomes an ApplicationFailure of its code, retryable only when transient. */
export function toApplicationFailure(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  return ApplicationFailure.create({
    type: error.code,
    message: error.message,
    nonRetryable: !RETRYABLE_CATEGORIES.has(error.category),
    details: error.details ? [error.details] : undefined,
  });
}

/** Wraps every activity so domain errors cross into Temporal with the right retry semantics. */
export function withFailureMapping<A extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: A): A {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (e) {
        throw toApplicationFailure(e);
      }
    };
  }
  return wrapped as A;
}
