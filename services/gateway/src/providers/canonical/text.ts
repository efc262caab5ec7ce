import type { ChatMessage } from './chat.schema';

/** The text of a message's content, with parts joined; images are left out. */
export function contentText(content: ChatMessage['content'] | null | undefined): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

export function stopList(stop: string | string[] | null | undefined): string[] | undefined {
  if (stop == null) return undefined;
  return typeof stop === 'string' ? [stop] : stop.length ? stop : undefined;
}

export function maxOutputTokens(req: { max_tokens?: number | null; max_completion_tokens?: number | null }): number | undefined {
  return req.max_completion_tokens ?? req.max_tokens ?? undefined;
}

/** `data:image/png;base64,AAAA` → `{ mediaType, data }`; undefined for plain URLs. */
export function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return match ? { mediaType: match[1], data: match[2] } : undefined;
}

/** Tool arguments are a JSON string on the canonical side and an object on most others. */
export function parseToolArguments(args: string): Record<string, unknown> {
  if (!args.trim()) return {};
  try {
    const value: unknown = JSON.parse(args);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { _raw: args };
  }
}

export function newId(prefix: string): string {
  return `${prefix}${crypto.randomUUID().replace(/-/g, '').slice(0, 24)}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
