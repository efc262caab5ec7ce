import picomatch from 'picomatch';
import { z } from 'zod';

/**
 * Allowed-model lists are glob patterns matched with picomatch against public model names
 * (`openai/gpt-4o-mini`, aliases such as `fast`):
 *   `*` any characters within one `/`-separated part, `**` any number of parts, `?` one
 *   character, `{a,b}` alternatives, `[a-z]` a class. `openai/gpt-4o*`, `openai/*`,
 *   `together/**`, `*\/gpt-4o`, `{fast,cheap}`, `**` (everything).
 * An empty list places no restriction (it inherits what the outer layers allow).
 */
const PICOMATCH_OPTIONS = { dot: true, noextglob: true, nonegate: true, strictBrackets: true } as const;

export const modelPatternSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:@/*?{},\-[\]+]+$/, 'a model name or glob: letters, digits and . _ : @ / - + * ? { } , [ ]')
  .refine((p) => p !== '*', { message: '`*` matches only names without a `/`; use `**` (or an empty list) to allow every model' })
  .refine(
    (p) => {
      try {
        picomatch.makeRe(p, PICOMATCH_OPTIONS);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a valid glob (unbalanced brackets or braces?)' },
  );

export const modelPatternsSchema = z
  .array(modelPatternSchema)
  .max(200)
  .transform((list) => [...new Set(list)])
  .describe('Glob patterns of public model names (`openai/gpt-4o*`, `mock/*`, `**`); empty = no restriction at this layer');

/** A compiled allow-list: `unrestricted` when the list is empty. */
export interface ModelMatcher {
  readonly patterns: readonly string[];
  readonly unrestricted: boolean;
  matches(model: string): boolean;
}

const UNRESTRICTED: ModelMatcher = Object.freeze({ patterns: Object.freeze([]) as readonly string[], unrestricted: true, matches: () => true });

export function compileModelPatterns(patterns: readonly string[] | null | undefined): ModelMatcher {
  if (!patterns || patterns.length === 0) return UNRESTRICTED;
  const isMatch = picomatch([...patterns], PICOMATCH_OPTIONS);
  const exact = new Set(patterns.filter((p) => !picomatch.scan(p).isGlob));
  return Object.freeze({
    patterns: Object.freeze([...patterns]),
    unrestricted: false,
    matches: (model: string) => exact.has(model) || isMatch(model),
  });
}
