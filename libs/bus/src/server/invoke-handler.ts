import type { MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';

/** Calls a Nest pattern handler and settles its result, whether a value, a promise or an observable. */
export async function invokeHandler(handler: MessageHandler, data: unknown, ctx: unknown): Promise<unknown> {
  const result: unknown = await handler(data, ctx);
  return isObservable(result) ? lastValueFrom(result, { defaultValue: undefined }) : result;
}
