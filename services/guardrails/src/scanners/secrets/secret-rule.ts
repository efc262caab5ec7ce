import { shannonEntropy } from '../shared/checksums';

export interface SecretRule {
  /** Stable id, used as the finding type (e.g. `anthropic-api-key`). */
  id: string;
  description: string;
  provider: string;
  /** Global regex; every quantifier bounded. */
  regex: RegExp;
  /**
   * Lower-case substrings of which at least one must occur (case-insensitively) before the
   * regex runs. Every rule has at least one: this is what keeps the scanner fast.
   */
  keywords: readonly string[];
  /** Capture group holding the secret itself (0 = whole match). */
  secretGroup: number;
  /** Extra check on the secret (checksum, structure, entropy). */
  validate?: (secret: string) => boolean;
  /** Higher wins when two rules report overlapping spans. */
  priority: number;
  /** Longest text the rule can match, for the stream window. */
  maxLength: number;
}

export interface RuleInput {
  id: string;
  description: string;
  provider: string;
  keywords: readonly string[];
  validate?: (secret: string) => boolean;
  minEntropy?: number;
  priority?: number;
  maxLength?: number;
}

// Characters that may continue a token; a match must not be glued to them.
const BEFORE = '(?<![A-Za-z0-9_\\-+/])';
const AFTER = '(?![A-Za-z0-9_\\-+/=])';

function combine(input: RuleInput): ((s: string) => boolean) | undefined {
  const { validate, minEntropy } = input;
  if (minEntropy === undefined) return validate;
  return (s) => shannonEntropy(s) >= minEntropy && (validate ? validate(s) : true);
}

/**
 * A token with a distinctive prefix, matched as a whole word: `body` is the regex source
 * of the full token (prefix included).
 */
export function token(input: RuleInput, body: string, flags = ''): SecretRule {
  return {
    id: input.id,
    description: input.description,
    provider: input.provider,
    regex: new RegExp(`${BEFORE}(${body})${AFTER}`, 'g' + flags),
    keywords: input.keywords,
    secretGroup: 1,
    validate: combine(input),
    priority: input.priority ?? 10,
    maxLength: input.maxLength ?? 256,
  };
}

/**
 * A secret with no distinctive shape, found only next to a name that says what it is:
 * `name` (case-insensitive regex source) then up to 24 name characters, an assignment
 * (`=`, `:`, `=>`, `:=`), optional quotes, then the `secret` (regex source).
 */
export function assigned(input: RuleInput, name: string, secret: string): SecretRule {
  return {
    id: input.id,
    description: input.description,
    provider: input.provider,
    regex: new RegExp(
      `(?:${name})[\\w.\\-]{0,24}["'\`]?\\s{0,3}(?:=|:|=>|:=|\\s)\\s{0,3}["'\`]?(${secret})(?![A-Za-z0-9_\\-+/])`,
      'gi',
    ),
    keywords: input.keywords,
    secretGroup: 1,
    validate: combine({ minEntropy: 3, ...input }),
    priority: input.priority ?? 5,
    maxLength: input.maxLength ?? 256,
  };
}

/** A free-form regex (for URLs, PEM blocks and other structured secrets). */
export function custom(input: RuleInput, regex: RegExp, secretGroup = 0): SecretRule {
  if (!regex.global) throw new Error(`rule ${input.id} needs a global regex`);
  return {
    id: input.id,
    description: input.description,
    provider: input.provider,
    regex,
    keywords: input.keywords,
    secretGroup,
    validate: combine(input),
    priority: input.priority ?? 10,
    maxLength: input.maxLength ?? 256,
  };
}
