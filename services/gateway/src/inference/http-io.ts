import type { ServerResponse } from 'node:http';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { uuidv7 } from '@ironcage/bus';
import type { FastifyReply } from 'fastify';
import { anthropicSseFrames, type ChatCompletionChunk } from '../providers';
import { ClientClosedError } from './client-closed';
import { anthropicErrorReply, openAIErrorReply } from './error-replies';

export const REQUEST_ID_HEADER = 'x-ironcage-request-id';
/** The W3C trace id the request is recorded under (the caller's, when it sent a traceparent). */
export const TRACE_ID_HEADER = 'x-ironcage-trace-id';

/** Aborted (with a ClientClosedError) when the client closes the connection before the response was completely written. */
export function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  const raw = reply.raw;
  raw.once('close', () => {
    if (!raw.writableFinished) controller.abort(new ClientClosedError());
  });
  return controller.signal;
}

/** A new gateway request id, announced in the response headers (errors included) with the trace id. */
export function announceRequestId(reply: FastifyReply): string {
  const id = uuidv7();
  void reply.header(REQUEST_ID_HEADER, id);
  const span = trace.getActiveSpan()?.spanContext();
  if (span && isSpanContextValid(span)) void reply.header(TRACE_ID_HEADER, span.traceId);
  return id;
}

/** A JSON answer serialised once, here. */
export function sendJson(reply: FastifyReply, body: unknown): void {
  void reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(body));
}

function drained(raw: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      raw.off('drain', done);
      raw.off('close', done);
      resolve();
    };
    raw.on('drain', done);
    raw.on('close', done);
  });
}

/**
 * Server-sent events straight onto the socket (the reply is hijacked from Fastify), honouring
 * backpressure. Stops pulling frames once the client is gone, which cancels the upstream.
 */
export async function writeSse(reply: FastifyReply, frames: AsyncIterable<string>, requestId: string): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': String(reply.request.id),
    [REQUEST_ID_HEADER]: requestId,
  });
  const iterator = frames[Symbol.asyncIterator]();
  try {
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
      if (raw.destroyed) break;
      if (!raw.write(r.value)) await drained(raw);
    }
  } catch {
    // the frame generators put failures in-band; anything else (the client left) just ends the stream
  } finally {
    await iterator.return?.();
    if (!raw.destroyed) raw.end();
  }
}

/** OpenAI's stream framing: `data: <chunk>` per chunk, `data: [DONE]` at the end, an error object in-band. */
export async function* openAIFrames(chunks: AsyncIterable<ChatCompletionChunk>): AsyncGenerator<string> {
  try {
    for await (const chunk of chunks) yield `data: ${JSON.stringify(chunk)}\n\n`;
  } catch (err) {
    yield `data: ${JSON.stringify(openAIErrorReply(err).body)}\n\n`;
    return;
  }
  yield 'data: [DONE]\n\n';
}

/** Anthropic's stream framing (message_start … message_stop), an `error` event in-band. */
export async function* anthropicFrames(chunks: AsyncIterable<ChatCompletionChunk>, model: string): AsyncGenerator<string> {
  try {
    yield* anthropicSseFrames(chunks, model);
  } catch (err) {
    yield `event: error\ndata: ${JSON.stringify(anthropicErrorReply(err).body)}\n\n`;
  }
}
