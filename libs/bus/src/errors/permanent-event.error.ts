import { RpcException } from '@nestjs/microservices';

/**
 * Thrown by an event handler when retrying cannot help (the event refers to something that
 * will never exist, a business rule rejects it…): the event is dead-lettered at once with
 * this message as the reason, instead of being retried up to `maxDeliver` times.
 */
export class PermanentEventError extends RpcException {
  override readonly name = 'PermanentEventError';

  constructor(message: string) {
    super(message);
  }

  override getError(): object {
    return this;
  }
}
