import { DomainError, type ErrorCategory, type ErrorDetail } from '@ironcage/kit';

export enum HotPathErrorCode {
  /** No model or alias of that name in the catalogue. */
  ModelNotFound = 'model_not_found',
  /** A chat call to an embeddings model, or the other way round. */
  ModelNotSupported = 'model_not_supported',
  /** The body does not match the API; `details` names each field. */
  InvalidRequest = 'invalid_request',
  /** Guardrails blocked the prompt. */
  InputBlocked = 'input_blocked',
  /** Guardrails blocked the completion. */
  OutputBlocked = 'output_blocked',
  /** Guardrails want a human to approve this call first. */
  ApprovalRequired = 'approval_required',
  /** Guardrails are on but did not answer, and the organisation fails closed. */
  GuardrailsUnavailable = 'guardrails_unavailable',
  /** A budget would be exceeded by the call's worst-case cost. */
  BudgetExceeded = 'budget_exceeded',
  /** A request or token rate limit. */
  RateLimited = 'rate_limited',
  /** The model has no price and the organisation refuses unpriced models. */
  UnpricedModel = 'unpriced_model',
  /** Budget is on but did not answer, and the organisation fails closed. */
  BudgetUnavailable = 'budget_unavailable',
}

const CATEGORY: Record<HotPathErrorCode, ErrorCategory> = {
  [HotPathErrorCode.ModelNotFound]: 'not_found',
  [HotPathErrorCode.ModelNotSupported]: 'invalid',
  [HotPathErrorCode.InvalidRequest]: 'invalid',
  [HotPathErrorCode.InputBlocked]: 'invalid',
  [HotPathErrorCode.OutputBlocked]: 'invalid',
  [HotPathErrorCode.ApprovalRequired]: 'forbidden',
  [HotPathErrorCode.GuardrailsUnavailable]: 'unavailable',
  [HotPathErrorCode.BudgetExceeded]: 'limit',
  [HotPathErrorCode.RateLimited]: 'limit',
  [HotPathErrorCode.UnpricedModel]: 'forbidden',
  [HotPathErrorCode.BudgetUnavailable]: 'unavailable',
};

/** A refusal on the hot path, answered in the caller's dialect (OpenAI or Anthropic). */
export class HotPathError extends DomainError<HotPathErrorCode> {
  constructor(
    code: HotPathErrorCode,
    message: string,
    options: { details?: ErrorDetail[]; retryAfterSeconds?: number; param?: string } = {},
  ) {
    super(code, message, CATEGORY[code], options.details, options.retryAfterSeconds);
    this.param = options.param;
  }

  /** The request field the error is about (OpenAI's `param`). */
  readonly param?: string;
}
