import { DomainError, type ErrorCategory } from '@ironcage/kit';

export enum ScanErrorCode {
  /** A vaultToken that was tampered with, expired, or belongs to another org or request. */
  VaultTokenInvalid = 'scan_vault_token_invalid',
  /** A stream call out of order (repeated or skipped seq). */
  StreamOutOfOrder = 'scan_stream_out_of_order',
  /** A stream call after seq 0 without a valid `state` (missing, altered, for another request, or expired). */
  StreamStateInvalid = 'scan_stream_state_invalid',
  /** The org's policy cannot be read (database down and nothing cached). */
  PolicyUnavailable = 'scan_policy_unavailable',
}

const CATEGORY: Record<ScanErrorCode, ErrorCategory> = {
  [ScanErrorCode.VaultTokenInvalid]: 'invalid',
  [ScanErrorCode.StreamOutOfOrder]: 'conflict',
  [ScanErrorCode.StreamStateInvalid]: 'invalid',
  [ScanErrorCode.PolicyUnavailable]: 'unavailable',
};

/** Failures of the scan RPCs and REST scan. Messages never carry scanned text. */
export class ScanError extends DomainError<ScanErrorCode> {
  constructor(code: ScanErrorCode, message: string) {
    super(code, message, CATEGORY[code]);
  }
}
