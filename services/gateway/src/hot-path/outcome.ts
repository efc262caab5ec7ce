import { DomainError, HTTP_STATUS_BY_CATEGORY } from '@ironcage/kit';
import { CanonicalValidationError, ProviderError, toOpenAIErrorReply } from '../providers';
import { CLIENT_CLOSED_STATUS } from '../usage-events/request-record';
import { HotPathError, HotPathErrorCode } from './hot-path.exception';

export interface Outcome {
  status: number;
  code: string;
}

/** The status and code a failed request ends with (what the client is answered, and what request.received records). */
export function outcomeOf(err: unknown, signal?: AbortSignal): Outcome {
  if (signal?.aborted) return { status: CLIENT_CLOSED_STATUS, code: 'client_closed' };
  if (err instanceof DomainError) return { status: HTTP_STATUS_BY_CATEGORY[err.category], code: err.code };
  if (err instanceof ProviderError) return { status: toOpenAIErrorReply(err).status, code: err.code };
  return { status: 500, code: 'internal' };
}

/** A body that does not match the API, as a refusal naming every bad field (and the first as OpenAI's `param`). */
export function invalidRequest(err: CanonicalValidationError): HotPathError {
  const details = err.details.map((d) => ({ ...(d.path ? { path: d.path } : {}), message: d.message }));
  const summary = err.details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ');
  return new HotPathError(HotPathErrorCode.InvalidRequest, `Invalid request body: ${summary}`, { details, param: err.details[0]?.path || undefined });
}

/** Runs a parser, turning a validation failure into the refusal. */
export function parseOrRefuse<T>(parse: (body: unknown) => T, body: unknown): T {
  try {
    return parse(body);
  } catch (err) {
    if (err instanceof CanonicalValidationError) throw invalidRequest(err);
    throw err;
  }
}
