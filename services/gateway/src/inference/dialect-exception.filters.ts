import { type ArgumentsHost, Catch, type ExceptionFilter, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorReply } from '../providers';
import { Refusals } from '../usage-events/refusals';
import { anthropicErrorReply, openAIErrorReply } from './error-replies';
import { REQUEST_ID_HEADER } from './http-io';

/**
 * Answers a failure in the route's dialect; a request refused before its handler ran (no key, a
 * bad key) is recorded here, so it too has its request.received and cost.incurred.
 */
export function sendRefusal(refusals: Refusals | undefined, request: FastifyRequest, response: FastifyReply, reply: ErrorReply<unknown>, exception: unknown): void {
  // a stream already under way reports its own errors in-band
  if (response.sent) return;
  const requestId = refusals?.record(request, response, reply.status, reply.headers['x-ironcage-error-code'] ?? 'internal', exception);
  if (requestId) void response.header(REQUEST_ID_HEADER, requestId);
  void response.status(reply.status).headers(reply.headers).send(reply.body);
}

const send = (refusals: Refusals, host: ArgumentsHost, reply: ErrorReply<unknown>, exception: unknown): void => {
  const http = host.switchToHttp();
  sendRefusal(refusals, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), reply, exception);
};

/**
 * Route-scoped: failures on the OpenAI-compatible routes are answered in OpenAI's error format
 * (the kit's global filter would answer in the platform's).
 */
@Injectable()
@Catch()
export class OpenAIExceptionFilter implements ExceptionFilter {
  constructor(private readonly refusals: Refusals) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    send(this.refusals, host, openAIErrorReply(exception), exception);
  }
}

/** Route-scoped: failures on `/v1/messages` are answered in Anthropic's error format. */
@Injectable()
@Catch()
export class AnthropicExceptionFilter implements ExceptionFilter {
  constructor(private readonly refusals: Refusals) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    send(this.refusals, host, anthropicErrorReply(exception), exception);
  }
}
