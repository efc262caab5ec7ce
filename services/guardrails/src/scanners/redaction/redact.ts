import { createHmac } from 'node:crypto';
import { Finding } from '../types';
import { TokenVault } from './token-vault';

/**
 * - `block`: the text must not go on; the span is replaced by `[BLOCKED]` and the result says so
 * - `mask`: letters and digits become `*`, keeping the last 4 of long values (`****-****-1111`)
 * - `placeholder`: `[EMAIL_ADDRESS_1]`, numbered per type in order of appearance
 * - `hash`: `[EMAIL_ADDRESS:3f2a…]`, keyed HMAC-SHA256 truncated to 16 hex (stable across requests for one key)
 * - `tokenize`: like placeholder, but the original is sealed in a vault for `detokenize`
 * - `allow`: leave the span as it is
 */
export type RedactionMode = 'block' | 'mask' | 'placeholder' | 'hash' | 'tokenize' | 'allow';

export type ModeByType = Readonly<Record<string, RedactionMode>> & { default?: RedactionMode };

export interface RedactOptions {
  /** HMAC key for `hash` mode (required when a finding is hashed). */
  hashKey?: Buffer | string;
  /** Vault for `tokenize` mode (required when a finding is tokenised). */
  vault?: TokenVault;
  /** Carries placeholder numbering across calls (e.g. stream chunks). */
  counters?: Map<string, Map<string, number>>;
}

export interface AppliedRedaction {
  type: string;
  mode: RedactionMode;
  /** offsets in the input text */
  start: number;
  end: number;
  replacement: string;
}

export interface RedactionResult {
  text: string;
  /** true when any finding's mode is `block` */
  blocked: boolean;
  applied: AppliedRedaction[];
}

export class RedactionError extends Error {}

function mask(value: string): string {
  let alnum = 0;
  for (const c of value) if (/[\p{L}\p{N}]/u.test(c)) alnum++;
  const keep = alnum >= 12 ? 4 : 0;
  let seen = 0;
  let out = '';
  for (const c of value) {
    if (/[\p{L}\p{N}]/u.test(c)) {
      seen++;
      out += seen > alnum - keep ? c : '*';
    } else out += c;
  }
  return out;
}

function placeholderFor(type: string, value: string, counters: Map<string, Map<string, number>>): string {
  let perType = counters.get(type);
  if (!perType) counters.set(type, (perType = new Map()));
  let n = perType.get(value);
  if (n === undefined) {
    n = perType.size + 1;
    perType.set(value, n);
  }
  return `[${type}_${n}]`;
}

/**
 * Applies a redaction mode per finding type (`modeByType.default` for the rest, else
 * `placeholder`). Overlapping findings: the earlier (then longer) one wins. Pure apart
 * from the vault it is given.
 */
export function redact(text: string, findings: readonly Finding[], modeByType: ModeByType = {}, options: RedactOptions = {}): RedactionResult {
  const sorted = findings.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  const counters = options.counters ?? new Map<string, Map<string, number>>();
  const applied: AppliedRedaction[] = [];
  let out = '';
  let cursor = 0;
  let blocked = false;
  for (const f of sorted) {
    if (f.start < cursor || f.end > text.length || f.end <= f.start) continue;
    const mode = modeByType[f.type] ?? modeByType.default ?? 'placeholder';
    const value = text.slice(f.start, f.end);
    let replacement: string;
    switch (mode) {
      case 'allow':
        continue;
      case 'block':
        blocked = true;
        replacement = '[BLOCKED]';
        break;
      case 'mask':
        replacement = mask(value);
        break;
      case 'placeholder':
        replacement = placeholderFor(f.type, value, counters);
        break;
      case 'hash': {
        if (options.hashKey === undefined) throw new RedactionError('hash mode needs options.hashKey');
        replacement = `[${f.type}:${createHmac('sha256', options.hashKey).update(value).digest('hex').slice(0, 16)}]`;
        break;
      }
      case 'tokenize':
        if (!options.vault) throw new RedactionError('tokenize mode needs options.vault');
        replacement = options.vault.tokenize(f.type, value);
        break;
      default:
        throw new RedactionError(`unknown redaction mode ${String(mode)}`);
    }
    out += text.slice(cursor, f.start) + replacement;
    applied.push({ type: f.type, mode, start: f.start, end: f.end, replacement });
    cursor = f.end;
  }
  out += text.slice(cursor);
  return { text: out, blocked, applied };
}
