import { createParser, type EventSourceMessage } from 'eventsource-parser';

export type SseEvent = EventSourceMessage;

/** Server-sent events from a byte stream, yielded as soon as each one is complete. */
export async function* sseEvents(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let pending: SseEvent[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event) });
  for await (const chunk of chunks) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    if (pending.length) {
      const ready = pending;
      pending = [];
      yield* ready;
    }
  }
  parser.feed(decoder.decode() + '\n\n');
  yield* pending;
}
