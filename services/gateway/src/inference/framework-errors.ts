import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorReply } from '../providers';
import { Refusals } from '../usage-events/refusals';
import { sendRefusal } from './dialect-exception.filters';
import { anthropicErrorReply, openAIErrorReply } from './error-replies';

const OPENAI_ROUTES = /^\/v1\/(chat\/completions|embeddings|models)(\/|$)/;
const ANTHROPIC_ROUTES = /^\/v1\/messages$/;

/** Which error dialect a route answers in, if it is an inference route. */
export function dialectOfRoute(url: string): 'openai' | 'anthropic' | undefined {
  if (ANTHROPIC_ROUTES.test(url)) return 'anthropic';
  if (OPENAI_ROUTES.test(url)) return 'openai';
  return undefined;
}

/** Bodies up to this size are read to their end before a 413 is sent, so the client sees the answer. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;
const MAX_DRAIN_MS = 10_000;

/**
 * A client still sending a too-large body gets EPIPE, not the 413, if the answer comes first and
 * the socket closes. Read (and drop) the rest of a body of bounded size before answering; close
 * the connection afterwards either way.
 */
function afterBody(request: FastifyRequest, reply: FastifyReply, send: () => void): void {
  const raw = request.raw;
  void reply.header('connection', 'close');
  if (raw.complete || raw.readableEnded || Number(request.headers['content-length']) > MAX_DRAIN_BYTES) return send();
  let seen = 0;
  let sent = false;
  const finish = () => {
    if (sent) return;
    sent = true;
    clearTimeout(timer);
    raw.off('data', onData);
    send();
  };
  const onData = (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > MAX_DRAIN_BYTES) finish();
  };
  const timer = setTimeout(finish, MAX_DRAIN_MS);
  raw.on('data', onData);
  raw.once('end', finish);
  raw.once('error', finish);
  raw.resume();
}

const handlerFor = (toReply: (e: unknown) => ErrorReply<unknown>, refusals: () => Refusals | undefined) => (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
  const r = toReply(error);
  const send = () => sendRefusal(refusals(), request, reply, r, error);
  if (r.status === 413) afterBody(request, reply, send);
  else send();
};

/**
 * Failures Fastify raises before a handler runs (body larger than HTTP_BODY_LIMIT_BYTES, bad
 * JSON, an empty body) never reach Nest's route-scoped filters: give the inference routes a
 * Fastify error handler of their own, so those are answered in OpenAI's or Anthropic's format too,
 * and recorded like every other request.
 * Must run before the routes are registered (ServiceDefinition.configure).
 */
export function answerFrameworkErrorsInDialect(app: NestFastifyApplication): void {
  let refusals: Refusals | undefined;
  // resolved on first use: the hook is installed before the application is initialised
  const recorder = () => {
    try {
      return (refusals ??= app.get(Refusals, { strict: false }));
    } catch {
      return undefined; // an application without the inference module
    }
  };
  const openai = handlerFor(openAIErrorReply, recorder);
  const anthropic = handlerFor(anthropicErrorReply, recorder);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      const dialect = dialectOfRoute(route.url);
      if (dialect) route.errorHandler = dialect === 'anthropic' ? anthropic : openai;
    });
}
