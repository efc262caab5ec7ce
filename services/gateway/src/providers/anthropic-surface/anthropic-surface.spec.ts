import type { ChatCompletion, ChatCompletionChunk } from '../canonical/chat.types';
import { CanonicalValidationError } from '../canonical/validate';
import { ProviderError } from '../errors/provider-error';
import { anthropicSseFrames, canonicalToAnthropicResponse, CanonicalToAnthropicStream } from './from-canonical';
import { anthropicToCanonical, parseAnthropicMessagesRequest } from './to-canonical';

describe('anthropicToCanonical', () => {
  it('turns the system prompt into a system message and keeps sampling settings', () => {
    const req = anthropicToCanonical(
      parseAnthropicMessagesRequest({
        model: 'claude-x',
        max_tokens: 256,
        system: [{ type: 'text', text: 'Be terse.' }],
        messages: [{ role: 'user', content: 'hi' }],
        temperature: 0.3,
        top_p: 0.9,
        top_k: 40,
        stop_sequences: ['END'],
        metadata: { user_id: 'u-7' },
      }),
    );
    expect(req).toEqual({
      model: 'claude-x',
      max_tokens: 256,
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: 'hi' },
      ],
      temperature: 0.3,
      top_p: 0.9,
      stop: ['END'],
      user: 'u-7',
    });
  });

  it('maps tool_use to tool_calls and tool_result blocks to tool messages before the rest of the turn', () => {
    const req = anthropicToCanonical(
      parseAnthropicMessagesRequest({
        model: 'c',
        max_tokens: 10,
        tools: [{ name: 'get_weather', description: 'w', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
        tool_choice: { type: 'any', disable_parallel_tool_use: true },
        messages: [
          { role: 'user', content: 'Weather?' },
          { role: 'assistant', content: [{ type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '18C' }] },
              { type: 'text', text: 'And tomorrow?' },
            ],
          },
        ],
      }),
    );
    expect(req.messages).toEqual([
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: 'Checking.', tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'toolu_1', content: '18C' },
      { role: 'user', content: 'And tomorrow?' },
    ]);
    expect(req.tools).toEqual([{ type: 'function', function: { name: 'get_weather', description: 'w', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }]);
    expect(req.tool_choice).toBe('required');
    expect(req.parallel_tool_calls).toBe(false);
  });

  it('marks failed tool results and converts base64 images to data URLs', () => {
    const req = anthropicToCanonical(
      parseAnthropicMessagesRequest({
        model: 'c',
        max_tokens: 10,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 't', content: 'boom', is_error: true },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
              { type: 'text', text: 'what is it' },
            ],
          },
        ],
      }),
    );
    expect(req.messages).toEqual([
      { role: 'tool', tool_call_id: 't', content: 'Error: boom' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }, { type: 'text', text: 'what is it' }] },
    ]);
  });

  it('asks the provider for usage when streaming, since Anthropic clients always get it', () => {
    const req = anthropicToCanonical(parseAnthropicMessagesRequest({ model: 'c', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'x' }] }));
    expect(req.stream_options).toEqual({ include_usage: true });
  });

  it('names bad fields the way Anthropic does', () => {
    try {
      parseAnthropicMessagesRequest({ model: 'c', messages: [{ role: 'user', content: [{ type: 'text' }] }] });
      throw new Error('should fail');
    } catch (err) {
      expect(err).toBeInstanceOf(CanonicalValidationError);
      expect((err as CanonicalValidationError).details.map((d) => d.path).sort()).toEqual(['max_tokens', 'messages.0.content.0.text']);
    }
  });
});

describe('canonicalToAnthropicResponse', () => {
  const completion: ChatCompletion = {
    id: 'chatcmpl-abc',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'Let me check.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        finish_reason: 'tool_calls',
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120, prompt_tokens_details: { cached_tokens: 30 } },
  };

  it('builds text and tool_use blocks, the stop reason and Anthropic-style usage', () => {
    expect(canonicalToAnthropicResponse(completion, 'claude-alias')).toEqual({
      id: 'msg_abc',
      type: 'message',
      role: 'assistant',
      model: 'claude-alias',
      content: [
        { type: 'text', text: 'Let me check.' },
        { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 70, output_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 30 },
    });
  });

  it('maps length to max_tokens and content_filter to refusal', () => {
    const base = completion.choices[0];
    expect(canonicalToAnthropicResponse({ ...completion, choices: [{ ...base, finish_reason: 'length' }] }, 'm').stop_reason).toBe('max_tokens');
    expect(canonicalToAnthropicResponse({ ...completion, choices: [{ ...base, finish_reason: 'content_filter' }] }, 'm').stop_reason).toBe('refusal');
  });
});

describe('CanonicalToAnthropicStream', () => {
  const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk' as const, created: 1, model: 'm' };
  const chunks: ChatCompletionChunk[] = [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: { content: 'Hel' }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: { content: 'lo' }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }] }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '1}' } }] }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
    { ...base, choices: [], usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 } },
  ];

  it('emits the Anthropic event sequence with blocks opened and closed in order', () => {
    const t = new CanonicalToAnthropicStream('claude-alias');
    const events = [...chunks.flatMap((c) => t.push(c)), ...t.finishEvents()];
    expect(events.map((e) => (e.type === 'content_block_delta' ? `${e.type}:${e.delta.type}` : e.type))).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta:text_delta',
      'content_block_delta:text_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta:input_json_delta',
      'content_block_delta:input_json_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[5]).toEqual({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'call_1', name: 'f', input: {} } });
    expect(events.at(-2)).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { input_tokens: 9, output_tokens: 4, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
  });

  it('reports a provider failure mid-stream as an error event', async () => {
    async function* failing(): AsyncGenerator<ChatCompletionChunk> {
      yield chunks[1];
      throw new ProviderError({ provider: 'openai', code: 'overloaded', status: 503, message: 'busy' });
    }
    const frames: string[] = [];
    for await (const f of anthropicSseFrames(failing(), 'm')) frames.push(f);
    expect(frames.at(-1)).toBe('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"busy"}}\n\n');
  });
});
