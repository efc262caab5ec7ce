import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ErrorReply } from '../providers';
import { anthropicErrorReply, openAIErrorReply } from './error-replies';

function send(host: ArgumentsHost, reply: ErrorReply<unknown>): void {
  const response = host.switchToHttp().getResponse<FastifyReply>();
  // a stream already under way reports its own errors in-band
  if (response.sent) return;
  void response.status(reply.status).headers(reply.headers).send(reply.body);
}

/**
 * Route-scoped: failures on the OpenAI-compatible routes are answered in OpenAI's error format
 * (the kit's global filter would answer in the platform's).
 */
@Catch()
export class OpenAIExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    send(host, openAIErrorReply(exception));
  }
}

/** Route-scoped: failures on `/v1/messages` are answered in Anthropic's error format. */
@Catch()
export class AnthropicExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    send(host, anthropicErrorReply(exception));
  }
}
