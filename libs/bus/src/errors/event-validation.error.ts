/** An event could not be published because its data (or envelope) breaks the contract. */
export class EventValidationError extends Error {
  override readonly name = 'EventValidationError';

  constructor(
    readonly subject: string,
    /** `path: message` for every broken rule, e.g. `principal.keyId: Too small…`. */
    readonly issues: string,
  ) {
    super(`${subject} event is invalid: ${issues}`);
  }
}
