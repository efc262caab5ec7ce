import { ApplicationFailure } from '@temporalio/common';
import { DomainError } from './domain-error';
import { toApplicationFailure, withFailureMapping } from './temporal-failure';

describe('toApplicationFailure', () => {
  it('makes invalid input a non-retryable failure carrying the domain code', () => {
    const failure = toApplicationFailure(new DomainError('retention_invalid', 'retention must be ≥ 1 day', 'invalid'));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'retention_invalid', nonRetryable: true });
  });

  it('lets Temporal retry transient failures', () => {
    expect(toApplicationFailure(new DomainError('db_down', 'database unavailable', 'unavailable'))).toMatchObject({ nonRetryable: false });
  });

  it('leaves unknown errors to Temporal’s default retry policy', () => {
    const e = new Error('boom');
    expect(toApplicationFailure(e)).toBe(e);
  });
});

describe('withFailureMapping', () => {
  it('maps errors thrown by wrapped activities and passes results through', async () => {
    const activities = withFailureMapping({
      ok: async () => 42,
      bad: async () => {
        throw new DomainError('nope', 'forbidden here', 'forbidden');
      },
    });
    await expect(activities.ok()).resolves.toBe(42);
    await expect(activities.bad()).rejects.toMatchObject({ type: 'nope', nonRetryable: true });
  });
});
