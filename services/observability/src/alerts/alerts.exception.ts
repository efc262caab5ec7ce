import { DomainError, type ErrorCategory, type ErrorDetail } from '@ironcage/kit';

export enum AlertsErrorCode {
  ChannelNotFound = 'alert_channel_not_found',
  RuleNotFound = 'alert_rule_not_found',
  SilenceNotFound = 'alert_silence_not_found',
  /** A name the org already uses for another channel or rule. */
  NameTaken = 'alert_name_taken',
  /** A rule naming a channel the org does not have. */
  UnknownChannel = 'alert_unknown_channel',
  /** A channel that rules still notify. */
  ChannelInUse = 'alert_channel_in_use',
}

const CATEGORY: Record<AlertsErrorCode, ErrorCategory> = {
  [AlertsErrorCode.ChannelNotFound]: 'not_found',
  [AlertsErrorCode.RuleNotFound]: 'not_found',
  [AlertsErrorCode.SilenceNotFound]: 'not_found',
  [AlertsErrorCode.NameTaken]: 'conflict',
  [AlertsErrorCode.UnknownChannel]: 'invalid',
  [AlertsErrorCode.ChannelInUse]: 'conflict',
};

/** Every failure of alerting's own making; transports map its category. */
export class AlertsError extends DomainError<AlertsErrorCode> {
  constructor(code: AlertsErrorCode, message: string, details?: ErrorDetail[]) {
    super(code, message, CATEGORY[code], details);
  }
}
