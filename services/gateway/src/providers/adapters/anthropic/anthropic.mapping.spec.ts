import type { ChatCompletionRequest } from '../../canonical/chat.schema';
import { AnthropicToCanonicalStream, fromAnthropicResponse, toAnthropicRequest } from './anthropic.mapping';
import type { AnthropicStreamEvent } from './anthropic.wire';

describe('toAnthropicRequest', () => {
  it('merges consecutive tool results into one user turn, as Anthropic requires alternating roles', () => {
    const req = {
      model: 'x',
      messages: [
        { role: 'user', content: 'both cities' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 't1', type: 'function', function: { name: 'w', arguments: '{"c":"Paris"}' } },
            { id: 't2', type: 'function', function: { name: 'w', arguments: '{"c":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 't1', content: '18C' },
        { role: 'tool', tool_call_id: 't2', content: '24C' },
        { role: 'user', content: 'which is warmer?' },
      ],
    } as ChatCompletionRequest;
    expect(toAnthropicRequest(req, 'claude').messages.slice(2)).toEqual([
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 't1', content: '18C' },
          { type: 'tool_result', tool_use_id: 't2', content: '24C' },
          { type: 'text', text: 'which is warmer?' },
        ],
      },
    ]);
  });

  it('maps tool_choice and parallel_tool_calls', () => {
    const tools = [{ type: 'function' as const, function: { name: 'f' } }];
    const base = { model: 'x', messages: [{ role: 'user' as const, content: 'x' }], tools };
    expect(toAnthropicRequest({ ...base, tool_choice: 'none' } as ChatCompletionRequest, 'c').tool_choice).toEqual({ type: 'none' });
    expect(toAnthropicRequest({ ...base, tool_choice: { type: 'function', function: { name: 'f' } }, parallel_tool_calls: false } as ChatCompletionRequest, 'c').tool_choice).toEqual({
      type: 'tool',
      name: 'f',
      disable_parallel_tool_use: true,
    });
    expect(toAnthropicRequest(base as ChatCompletionRequest, 'c').tool_choice).toBeUndefined();
    expect(toAnthropicRequest(base as ChatCompletionRequest, 'c').tools).toEqual([{ name: 'f', input_schema: { type: 'object', properties: {} } }]);
  });

  it('caps temperature at Anthropic’s maximum of 1 and prefers max_completion_tokens', () => {
    const out = toAnthropicRequest({ model: 'x', messages: [{ role: 'user', content: 'x' }], temperature: 1.7, max_tokens: 5, max_completion_tokens: 9 } as ChatCompletionRequest, 'c');
    expect(out).toMatchObject({ temperature: 1, max_tokens: 9 });
  });
});

describe('fromAnthropicResponse', () => {
  it('maps stop reasons', () => {
    const res = (stop_reason: string) =>
      fromAnthropicResponse(
        { id: 'msg_1', type: 'message', role: 'assistant', model: 'c', content: [{ type: 'text', text: 'x' }], stop_reason: stop_reason as never, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } },
        { model: 'x', messages: [{ role: 'user', content: 'x' }] } as ChatCompletionRequest,
        0,
      ).choices[0].finish_reason;
    expect(['end_turn', 'stop_sequence', 'max_tokens', 'tool_use', 'refusal'].map(res)).toEqual(['stop', 'stop', 'length', 'tool_calls', 'content_filter']);
  });
});

describe('AnthropicToCanonicalStream', () => {
  it('ignores thinking blocks and numbers tool calls from zero whatever their block index', () => {
    const t = new AnthropicToCanonicalStream({ model: 'x', messages: [{ role: 'user', content: 'x' }] } as ChatCompletionRequest, 0);
    const events: AnthropicStreamEvent[] = [
      { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'c', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 5, output_tokens: 1 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"a":1}' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 7 } },
      { type: 'message_stop' },
    ];
    const chunks = events.flatMap((e) => t.push(e));
    expect(chunks.flatMap((c) => c.choices[0].delta.tool_calls ?? [])).toEqual([
      { index: 0, id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '' } },
      { index: 0, function: { arguments: '{"a":1}' } },
    ]);
    expect(chunks.some((c) => c.choices[0].delta.content === 'hmm')).toBe(false);
    expect(chunks.at(-1)!.choices[0].finish_reason).toBe('tool_calls');
    expect(t.usageChunk().usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 7 });
  });
});
