import { z } from 'zod';

export const EmbeddingsRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([
    z.string(),
    z.array(z.string()).min(1).max(2048),
    z.array(z.number().int()).min(1),
    z.array(z.array(z.number().int()).min(1)).min(1).max(2048),
  ]),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().positive().optional(),
  user: z.string().optional(),
});

export type EmbeddingsRequest = z.infer<typeof EmbeddingsRequestSchema>;

export interface Embedding {
  object: 'embedding';
  index: number;
  /** float array, or base64 of little-endian float32 when `encoding_format: 'base64'` was asked for. */
  embedding: number[] | string;
}

export interface EmbeddingsResponse {
  object: 'list';
  data: Embedding[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

/** Text inputs as strings; token-array inputs are only meaningful to OpenAI-compatible upstreams. */
export function embeddingInputsAsText(req: EmbeddingsRequest): string[] | undefined {
  const input = req.input;
  if (typeof input === 'string') return [input];
  if (input.every((x): x is string => typeof x === 'string')) return input;
  return undefined;
}

/** OpenAI's base64 encoding: the raw little-endian float32 bytes. */
export function floatsToBase64(values: number[]): string {
  const buf = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => buf.writeFloatLE(v, i * 4));
  return buf.toString('base64');
}

export function encodeEmbedding(values: number[], format: EmbeddingsRequest['encoding_format']): number[] | string {
  return format === 'base64' ? floatsToBase64(values) : values;
}
