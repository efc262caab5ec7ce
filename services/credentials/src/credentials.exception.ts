import { DomainError, type ErrorCategory } from '@ironcage/kit';

/** Stable codes of the credentials service. Messages name ids and versions, never a value. */
export enum CredentialsErrorCode {
  CredentialNotFound = 'credential_not_found',
  CredentialExists = 'credential_exists',
  VersionNotFound = 'credential_version_not_found',
  VersionDeleted = 'credential_version_deleted',
  VersionDestroyed = 'credential_version_destroyed',
  CasMismatch = 'credential_cas_mismatch',
  CurrentVersionProtected = 'credential_current_version_protected',
  NoBinding = 'credential_binding_not_found',
  NoCurrentVersion = 'credential_has_no_current_version',
  RotationInProgress = 'credential_rotation_in_progress',
  RotationNotFound = 'credential_rotation_not_found',
  RotationUnsupported = 'credential_rotation_unsupported',
  RotationTestFailed = 'credential_rotation_test_failed',
  ProviderUnknown = 'credential_provider_unknown',
  ProviderNotFound = 'credential_provider_not_found',
  ProviderRejected = 'credential_provider_rejected',
  ProviderUnavailable = 'credential_provider_unavailable',
  StoreUnavailable = 'credential_store_unavailable',
  IntegrityFailure = 'credential_integrity_failure',
  KeyUnknown = 'credential_kek_unknown',
  KekRotationUnsupported = 'credential_kek_rotation_unsupported',
  Invalid = 'credential_invalid',
}

const CATEGORY: Record<CredentialsErrorCode, ErrorCategory> = {
  [CredentialsErrorCode.CredentialNotFound]: 'not_found',
  [CredentialsErrorCode.CredentialExists]: 'conflict',
  [CredentialsErrorCode.VersionNotFound]: 'not_found',
  [CredentialsErrorCode.VersionDeleted]: 'not_found',
  [CredentialsErrorCode.VersionDestroyed]: 'not_found',
  [CredentialsErrorCode.CasMismatch]: 'conflict',
  [CredentialsErrorCode.CurrentVersionProtected]: 'conflict',
  [CredentialsErrorCode.NoBinding]: 'not_found',
  [CredentialsErrorCode.NoCurrentVersion]: 'not_found',
  [CredentialsErrorCode.RotationInProgress]: 'conflict',
  [CredentialsErrorCode.RotationNotFound]: 'not_found',
  [CredentialsErrorCode.RotationUnsupported]: 'invalid',
  [CredentialsErrorCode.RotationTestFailed]: 'invalid',
  [CredentialsErrorCode.ProviderUnknown]: 'invalid',
  [CredentialsErrorCode.ProviderNotFound]: 'not_found',
  [CredentialsErrorCode.ProviderRejected]: 'invalid',
  [CredentialsErrorCode.ProviderUnavailable]: 'unavailable',
  [CredentialsErrorCode.StoreUnavailable]: 'unavailable',
  [CredentialsErrorCode.IntegrityFailure]: 'internal',
  [CredentialsErrorCode.KeyUnknown]: 'internal',
  [CredentialsErrorCode.KekRotationUnsupported]: 'conflict',
  [CredentialsErrorCode.Invalid]: 'invalid',
};

/** The one exception of the credentials service; its category follows from the code. */
export class CredentialsException extends DomainError<CredentialsErrorCode> {
  constructor(code: CredentialsErrorCode, message: string) {
    super(code, message, CATEGORY[code]);
  }
}
