import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';

/**
 * Hands every exception thrown by a bus handler back to the transport unchanged, so the
 * transport (not Nest's generic filter) decides: an `RpcError` keeps its code, any other error
 * becomes `internal` with an error id that is logged next to the real error, and an event
 * handler's failure is retried or dead-lettered with its real message.
 * `connectJetStream()` installs it; register it yourself on a standalone microservice.
 */
@Catch()
export class BusExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
