import { type ChatCompletionRequest, type ChatMessage, contentText, type EmbeddingsRequest } from '../providers';

/** Where each scanned text came from, so a redaction can be put back in its place. */
export interface PromptTexts {
  texts: string[];
  /** Index of the message each text belongs to. */
  messages: number[];
}

/** The text of every message that has some, in order (images and tool-call arguments are not scanned). */
export function promptTexts(req: ChatCompletionRequest): PromptTexts {
  const texts: string[] = [];
  const messages: number[] = [];
  req.messages.forEach((m, i) => {
    const text = contentText(m.content);
    if (text) {
      texts.push(text);
      messages.push(i);
    }
  });
  return { texts, messages };
}

/** Puts redacted texts back: a text-only content becomes the redacted string; images stay where they were. */
export function applyRedaction(req: ChatCompletionRequest, where: PromptTexts, redacted: string[]): void {
  where.messages.forEach((index, k) => {
    const message = req.messages[index];
    const content = message.content;
    if (Array.isArray(content) && content.some((p) => p.type !== 'text')) {
      const images = content.filter((p) => p.type !== 'text');
      (message as { content: unknown }).content = [{ type: 'text', text: redacted[k] }, ...images];
    } else (message as { content: ChatMessage['content'] }).content = redacted[k];
  });
}

/** Characters of prompt text: the basis of the token estimate budget reserves on. */
export function promptChars(req: ChatCompletionRequest): number {
  let n = 0;
  for (const m of req.messages) {
    n += contentText(m.content).length;
    if (m.role === 'assistant') for (const c of m.tool_calls ?? []) n += c.function.name.length + c.function.arguments.length;
  }
  for (const t of req.tools ?? []) n += t.function.name.length + (t.function.description?.length ?? 0) + JSON.stringify(t.function.parameters ?? {}).length;
  return n;
}

/** A prompt-token estimate (4 characters a token, plus a few per message for the chat framing). */
export function estimatePromptTokens(req: ChatCompletionRequest): number {
  return Math.ceil(promptChars(req) / 4) + 4 * req.messages.length;
}

export function embeddingTexts(req: EmbeddingsRequest): string[] {
  const input = req.input;
  if (typeof input === 'string') return [input];
  return input.every((x): x is string => typeof x === 'string') ? input : [];
}
