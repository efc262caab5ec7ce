import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger, Optional } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodValidationException } from 'nestjs-zod';
import { ZodError } from 'zod';
import { DomainError, type ErrorDetail, HTTP_STATUS_BY_CATEGORY } from './domain-error';
import { ErrorReporter } from './error-reporter';

/** The error body of every REST endpoint (documented in the OpenAPI document as `Error`). */
export interface ErrorBody {
  error: { code: string; message: string; details?: ErrorDetail[]; errorId?: string };
}

export const zodIssuesToDetails = (error: ZodError, prefix = ''): ErrorDetail[] =>
  error.issues.map((i) => ({
    path: [prefix, ...i.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))].filter(Boolean).join('.').replace(/\.\[/g, '[') || undefined,
    message: i.message,
  }));

const HTTP_CODE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

/**
 * One place that turns any failure into a response. Domain errors keep their code and message;
 * framework errors get a generic code for their status; anything unknown becomes a 500 whose body
 * holds only an error id that is also in the log line, so internals never reach the caller; that
 * failure is also reported (`error.reported`) under the same error id.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  constructor(@Optional() private readonly reporter?: ErrorReporter) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body, retryAfter } = this.toResponse(exception);
    if (body.error.errorId && this.reporter) {
      const request = host.switchToHttp().getRequest<FastifyRequest | undefined>();
      const where = `http ${request?.method ?? '?'} ${request?.routeOptions?.url ?? 'unmatched'}`;
      this.reporter.report(exception, { where, errorId: body.error.errorId });
    }
    if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
    void reply.status(status).send(body);
  }

  toResponse(exception: unknown): { status: number; body: ErrorBody; retryAfter?: number } {
    if (exception instanceof DomainError) {
      return {
        status: HTTP_STATUS_BY_CATEGORY[exception.category],
        body: { error: { code: exception.code, message: exception.message, ...(exception.details ? { details: exception.details } : {}) } },
        retryAfter: exception.retryAfterSeconds,
      };
    }
    if (exception instanceof ZodValidationException) {
      const zodError = exception.getZodError();
      const details = zodError instanceof ZodError ? zodIssuesToDetails(zodError, 'body') : undefined;
      return { status: 400, body: { error: { code: 'invalid_request', message: 'The request is invalid', ...(details ? { details } : {}) } } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status < 500) {
        // Framework errors (unknown route, body too large, bad JSON): their message is safe and useful.
        const code = HTTP_CODE_BY_STATUS[status] ?? 'http_error';
        return { status, body: { error: { code, message: exception.message } } };
      }
    }
    const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      const code = HTTP_CODE_BY_STATUS[fastifyStatus] ?? 'http_error';
      return { status: fastifyStatus, body: { error: { code, message: (exception as Error).message } } };
    }
    const errorId = randomUUID();
    this.logger.error({ errorId, err: exception }, 'unhandled error');
    return { status: 500, body: { error: { code: 'internal', message: 'Internal error; quote the errorId when reporting it', errorId } } };
  }
}
