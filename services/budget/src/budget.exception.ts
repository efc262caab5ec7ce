import { DomainError, type ErrorCategory, type ErrorDetail } from '@ironcage/kit';

export enum BudgetErrorCode {
  BudgetNotFound = 'budget_not_found',
  RateLimitNotFound = 'rate_limit_not_found',
  PriceNotFound = 'price_not_found',
  PriceConflict = 'price_conflict',
  InvalidTimeZone = 'invalid_time_zone',
  InvalidPeriod = 'invalid_period',
  UnattributableSettlement = 'unattributable_settlement',
  AmountTooLarge = 'amount_too_large',
  RateLimitConflict = 'rate_limit_conflict',
}

const CATEGORY: Record<BudgetErrorCode, ErrorCategory> = {
  [BudgetErrorCode.BudgetNotFound]: 'not_found',
  [BudgetErrorCode.RateLimitNotFound]: 'not_found',
  [BudgetErrorCode.PriceNotFound]: 'not_found',
  [BudgetErrorCode.PriceConflict]: 'conflict',
  [BudgetErrorCode.InvalidTimeZone]: 'invalid',
  [BudgetErrorCode.InvalidPeriod]: 'invalid',
  [BudgetErrorCode.UnattributableSettlement]: 'invalid',
  [BudgetErrorCode.AmountTooLarge]: 'invalid',
  [BudgetErrorCode.RateLimitConflict]: 'conflict',
};

/** Every failure of the budget service's own making; transports map its category (HTTP status, RPC code, Temporal retry). */
export class BudgetError extends DomainError<BudgetErrorCode> {
  constructor(code: BudgetErrorCode, message: string, details?: ErrorDetail[]) {
    super(code, message, CATEGORY[code], details);
  }
}
