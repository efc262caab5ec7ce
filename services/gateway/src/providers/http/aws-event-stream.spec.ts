import { awsEvents, encodeAwsEvent } from './aws-event-stream';

async function* split(buf: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

describe('awsEvents', () => {
  const stream = concat([
    encodeAwsEvent({ ':event-type': 'messageStart', ':message-type': 'event', ':content-type': 'application/json' }, { role: 'assistant' }),
    encodeAwsEvent({ ':event-type': 'contentBlockDelta', ':message-type': 'event' }, { contentBlockIndex: 0, delta: { text: 'hi' } }),
    encodeAwsEvent({ ':exception-type': 'throttlingException', ':message-type': 'exception' }, { message: 'slow down' }),
  ]);

  it.each([1, 7, 64, 4096])('decodes frames whatever the chunk size (%i bytes)', async (size) => {
    const events = await all(awsEvents(split(stream, size)));
    expect(events).toEqual([
      { messageType: 'event', type: 'messageStart', payload: { role: 'assistant' } },
      { messageType: 'event', type: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { text: 'hi' } } },
      { messageType: 'exception', type: 'throttlingException', payload: { message: 'slow down' } },
    ]);
  });

  it('rejects a frame whose checksum does not match', async () => {
    const corrupt = Uint8Array.from(stream);
    corrupt[20] ^= 0xff;
    await expect(all(awsEvents(split(corrupt, 4096)))).rejects.toThrow();
  });

  it('reports a stream cut inside a frame', async () => {
    await expect(all(awsEvents(split(stream.subarray(0, stream.length - 3), 4096)))).rejects.toThrow('event stream ended inside a message');
  });
});
