/**
 * The fakes' shared "model": deterministic answers derived from the request, so tests can assert
 * on exact text, tool calls and token counts. Tokens are whitespace-separated words.
 */
export interface FakeTool {
  name: string;
  schema?: Record<string, unknown>;
}

export interface FakeTurn {
  /** Text of the last user message. */
  lastUserText: string;
  /** Whether the conversation ends with a tool result (then the fake answers in text). */
  endsWithToolResult: boolean;
  /** Text of that tool result. */
  toolResultText: string;
  tools: FakeTool[];
  /** Name of a tool the request forces, if any. */
  forcedTool?: string;
  toolsDisabled: boolean;
  json: boolean;
  /** All prompt text, to count prompt tokens. */
  promptText: string;
}

export type FakeAnswer =
  | { kind: 'text'; text: string; words: string[] }
  | { kind: 'tool'; id: string; name: string; args: Record<string, unknown> };

export function countTokens(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** `"a b c"` → `["a", " b", " c"]`: chunks that concatenate back to the text. */
export function wordChunks(text: string): string[] {
  const parts = text.match(/\s*\S+/g) ?? [];
  return parts.length ? parts : [text];
}

export function sampleFromSchema(schema: Record<string, unknown> | undefined): Record<string, unknown> {
  const props = (schema?.properties ?? {}) as Record<string, Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(props)) {
    const type = Array.isArray(prop.type) ? prop.type[0] : prop.type;
    if (Array.isArray(prop.enum)) out[name] = prop.enum[0];
    else if (type === 'number' || type === 'integer') out[name] = 42;
    else if (type === 'boolean') out[name] = true;
    else if (type === 'array') out[name] = [];
    else if (type === 'object') out[name] = sampleFromSchema(prop);
    else out[name] = name === 'location' || name === 'city' ? 'Paris' : `sample ${name}`;
  }
  return out;
}

export function answer(turn: FakeTurn, idPrefix = 'call_'): FakeAnswer {
  const tool = turn.forcedTool
    ? turn.tools.find((t) => t.name === turn.forcedTool)
    : !turn.toolsDisabled && !turn.endsWithToolResult
      ? turn.tools[0]
      : undefined;
  if (tool) return { kind: 'tool', id: `${idPrefix}${tool.name}_1`, name: tool.name, args: sampleFromSchema(tool.schema) };
  let text = turn.endsWithToolResult ? `The tool said: ${turn.toolResultText}` : `Echo: ${turn.lastUserText}`;
  if (turn.json) text = JSON.stringify({ echo: turn.lastUserText });
  return { kind: 'text', text, words: wordChunks(text) };
}
