import { DomainError, type ErrorCategory } from '@ironcage/kit';

export enum RoutingErrorCode {
  /** Every deployment that could serve the model is skipped by its open circuit breaker. */
  NoHealthyDeployment = 'no_healthy_deployment',
  /** The request's deadline passed before a deployment answered. */
  DeadlineExceeded = 'deadline_exceeded',
}

const CATEGORY: Record<RoutingErrorCode, ErrorCategory> = {
  [RoutingErrorCode.NoHealthyDeployment]: 'unavailable',
  [RoutingErrorCode.DeadlineExceeded]: 'timeout',
};

export class RoutingError extends DomainError<RoutingErrorCode> {
  constructor(code: RoutingErrorCode, message: string, retryAfterSeconds?: number) {
    super(code, message, CATEGORY[code], undefined, retryAfterSeconds);
  }
}
