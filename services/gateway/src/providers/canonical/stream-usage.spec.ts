import type { ChatCompletionChunk, Usage } from './chat.types';
import { tapUsage } from './stream-usage';

const base = { id: 'c', object: 'chat.completion.chunk' as const, created: 1, model: 'm' };
const usage: Usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };

async function* upstream(): AsyncGenerator<ChatCompletionChunk> {
  yield { ...base, choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: 'stop' }] };
  yield { ...base, choices: [], usage };
}

async function run(forwardUsageChunk: boolean) {
  const seen: Usage[] = [];
  const out: ChatCompletionChunk[] = [];
  for await (const c of tapUsage(upstream(), { forwardUsageChunk, onUsage: (u) => seen.push(u) })) out.push(c);
  return { seen, out };
}

describe('tapUsage', () => {
  it('reports usage and drops the usage chunk for clients that did not ask for it', async () => {
    const { seen, out } = await run(false);
    expect(seen).toEqual([usage]);
    expect(out).toHaveLength(1);
  });

  it('forwards the usage chunk to clients that asked for it', async () => {
    const { seen, out } = await run(true);
    expect(seen).toEqual([usage]);
    expect(out.at(-1)).toMatchObject({ choices: [], usage });
  });
});
