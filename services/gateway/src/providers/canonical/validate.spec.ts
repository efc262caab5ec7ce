import { CanonicalValidationError, parseChatCompletionRequest, parseEmbeddingsRequest } from './validate';

function fieldErrors(body: unknown) {
  try {
    parseChatCompletionRequest(body);
  } catch (err) {
    expect(err).toBeInstanceOf(CanonicalValidationError);
    return (err as CanonicalValidationError).details;
  }
  throw new Error('expected validation to fail');
}

describe('parseChatCompletionRequest', () => {
  it('accepts a full request with images, tools, JSON schema and stream options', () => {
    const req = parseChatCompletionRequest({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'image_url', image_url: { url: 'https://x/y.png', detail: 'low' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c', content: 'ok' },
      ],
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      tool_choice: { type: 'function', function: { name: 'f' } },
      response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' }, strict: true } },
      temperature: 0.2,
      max_completion_tokens: 10,
      stop: ['a'],
      seed: 1,
      n: 1,
      stream: true,
      stream_options: { include_usage: true },
      user: 'u',
      logit_bias: { '1': 2 },
    });
    expect(req.logit_bias).toEqual({ '1': 2 });
  });

  it('names the exact field that is wrong, e.g. messages[2].role', () => {
    const details = fieldErrors({ model: 'm', messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }, { role: 'robot', content: 'c' }] });
    expect(details).toEqual([{ path: 'messages[2].role', message: expect.stringContaining('user') }]);
  });

  it('looks inside string-or-parts content to name the bad part', () => {
    const details = fieldErrors({ model: 'm', messages: [{ role: 'user', content: 'a' }, { role: 'user', content: [{ type: 'text' }] }] });
    expect(details.map((d) => d.path)).toEqual(['messages[1].content[0].text']);
  });

  it('reports every bad field at once', () => {
    const details = fieldErrors({ model: '', messages: [], temperature: 3 });
    expect(details.map((d) => d.path).sort()).toEqual(['messages', 'model', 'temperature']);
  });

  it('rejects n other than 1', () => {
    expect(fieldErrors({ model: 'm', messages: [{ role: 'user', content: 'a' }], n: 2 })).toEqual([{ path: 'n', message: 'only n=1 is supported' }]);
  });

  it('rejects stream_options without stream', () => {
    expect(fieldErrors({ model: 'm', messages: [{ role: 'user', content: 'a' }], stream_options: { include_usage: true } })[0].path).toBe('stream_options');
  });

  it('rejects an assistant message with neither content nor tool calls', () => {
    expect(fieldErrors({ model: 'm', messages: [{ role: 'assistant' }] })[0].path).toBe('messages[0].content');
  });

  it('rejects a tool message without tool_call_id', () => {
    expect(fieldErrors({ model: 'm', messages: [{ role: 'tool', content: 'x' }] })[0].path).toBe('messages[0].tool_call_id');
  });

  it('rejects tool names OpenAI would reject', () => {
    expect(fieldErrors({ model: 'm', messages: [{ role: 'user', content: 'a' }], tools: [{ type: 'function', function: { name: 'has space' } }] })[0].path).toBe('tools[0].function.name');
  });
});

describe('parseEmbeddingsRequest', () => {
  it('accepts strings, string arrays and token arrays', () => {
    for (const input of ['a', ['a', 'b'], [1, 2], [[1], [2]]]) expect(parseEmbeddingsRequest({ model: 'e', input }).input).toEqual(input);
  });

  it('rejects an empty input list', () => {
    expect(() => parseEmbeddingsRequest({ model: 'e', input: [] })).toThrow(CanonicalValidationError);
  });
});
