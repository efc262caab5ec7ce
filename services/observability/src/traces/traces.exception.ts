import { DomainError, type ErrorCategory } from '@ironcage/kit';

export enum TracesErrorCode {
  /** No trace with this id carries the org's id. */
  TraceNotFound = 'trace_not_found',
}

const CATEGORY: Record<TracesErrorCode, ErrorCategory> = {
  [TracesErrorCode.TraceNotFound]: 'not_found',
};

/** Failures of the trace query API; the HTTP filter maps the category to a status. */
export class TracesError extends DomainError<TracesErrorCode> {
  constructor(code: TracesErrorCode, message: string) {
    super(code, message, CATEGORY[code]);
  }
}
