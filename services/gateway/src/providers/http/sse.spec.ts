import { sseEvents } from './sse';

async function* bytes(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? new TextEncoder().encode(p) : p;
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('sseEvents', () => {
  it('yields events split across chunk boundaries, named or not', async () => {
    const events = await all(sseEvents(bytes('event: message_start\nda', 'ta: {"a":1}\n', '\ndata: [DONE]\n\n')));
    expect(events.map((e) => [e.event, e.data])).toEqual([
      ['message_start', '{"a":1}'],
      [undefined, '[DONE]'],
    ]);
  });

  it('keeps multi-byte characters split between chunks intact', async () => {
    const encoded = new TextEncoder().encode('data: {"t":"héllo ✓"}\n\n');
    const cut = encoded.indexOf(0xe2) + 1;
    const events = await all(sseEvents(bytes(encoded.subarray(0, cut), encoded.subarray(cut))));
    expect(JSON.parse(events[0].data)).toEqual({ t: 'héllo ✓' });
  });

  it('ignores comments and handles CRLF line endings', async () => {
    const events = await all(sseEvents(bytes(': keep-alive\r\n\r\ndata: x\r\n\r\n')));
    expect(events.map((e) => e.data)).toEqual(['x']);
  });

  it('yields a final event that lacks its blank line', async () => {
    const events = await all(sseEvents(bytes('data: {"end":true}')));
    expect(events.map((e) => e.data)).toEqual(['{"end":true}']);
  });
});
