import { EventStreamCodec, type Message } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

export interface AwsEvent {
  /** `event` or `exception` (`:message-type`). */
  messageType: string;
  /** `:event-type` or `:exception-type`, e.g. `contentBlockDelta`, `throttlingException`. */
  type: string;
  payload: unknown;
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

function headerString(message: Message, name: string): string {
  const h = message.headers[name];
  return h && typeof h.value === 'string' ? h.value : '';
}

/**
 * Decodes the AWS event-stream binary framing (`application/vnd.amazon.eventstream`):
 * each message is a 4-byte total length prelude, headers, payload and CRCs, which the codec checks.
 */
export async function* awsEvents(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<AwsEvent> {
  let buffer: Uint8Array = new Uint8Array(0);
  for await (const chunk of chunks) {
    buffer = buffer.length ? concat(buffer, chunk) : chunk;
    while (buffer.length >= 4) {
      const total = new DataView(buffer.buffer, buffer.byteOffset, 4).getUint32(0, false);
      if (buffer.length < total) break;
      const message = codec.decode(buffer.subarray(0, total));
      buffer = buffer.subarray(total);
      const messageType = headerString(message, ':message-type') || 'event';
      const type = headerString(message, messageType === 'exception' ? ':exception-type' : ':event-type');
      const text = toUtf8(message.body);
      let payload: unknown = text;
      try {
        payload = text ? JSON.parse(text) : {};
      } catch {
        // exceptions may carry plain text
      }
      yield { messageType, type, payload };
    }
  }
  if (buffer.length) throw new Error('event stream ended inside a message');
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

export function encodeAwsEvent(headers: Record<string, string>, payload: unknown): Uint8Array {
  const h: Message['headers'] = {};
  for (const [k, v] of Object.entries(headers)) h[k] = { type: 'string', value: v };
  return codec.encode({ headers: h, body: fromUtf8(JSON.stringify(payload)) });
}
