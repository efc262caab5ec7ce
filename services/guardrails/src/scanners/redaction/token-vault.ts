import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

interface Sealed {
  iv: Buffer;
  data: Buffer;
  tag: Buffer;
}

/** `[EMAIL_ADDRESS_1]`, `[github-pat_2]`: a type (letters, digits, _ or -) and a counter. */
export const PLACEHOLDER = /\[([A-Za-z][A-Za-z0-9_-]{0,63})_(\d{1,6})\]/g;
const MAX_PLACEHOLDER_LENGTH = 1 + 64 + 1 + 6 + 1;

/**
 * Reversible tokenisation for one request: each original value is replaced by a typed
 * placeholder and kept only encrypted (AES-256-GCM under a key that lives as long as the
 * vault). The same value always gets the same placeholder within a vault.
 */
export class TokenVault {
  private key: Buffer | null = randomBytes(32);
  private readonly sealed = new Map<string, Sealed>();
  private readonly byValue = new Map<string, string>();
  private readonly counters = new Map<string, number>();

  /** Placeholder for `value`, sealing the value on first sight. */
  tokenize(type: string, value: string): string {
    const key = this.requireKey();
    const lookup = createHmac('sha256', key).update(type).update('\0').update(value).digest('base64');
    const existing = this.byValue.get(lookup);
    if (existing) return existing;
    const n = (this.counters.get(type) ?? 0) + 1;
    this.counters.set(type, n);
    const placeholder = `[${safeType(type)}_${n}]`;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(placeholder));
    const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    this.sealed.set(placeholder, { iv, data, tag: cipher.getAuthTag() });
    this.byValue.set(lookup, placeholder);
    return placeholder;
  }

  /** The original value behind a placeholder, or undefined if this vault did not issue it. */
  reveal(placeholder: string): string | undefined {
    const key = this.requireKey();
    const s = this.sealed.get(placeholder);
    if (!s) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', key, s.iv);
    decipher.setAAD(Buffer.from(placeholder));
    decipher.setAuthTag(s.tag);
    return Buffer.concat([decipher.update(s.data), decipher.final()]).toString('utf8');
  }

  /** Replaces every placeholder this vault issued with its original; others stay as they are. */
  detokenize(text: string): string {
    if (!text.includes('[')) return text;
    return text.replace(PLACEHOLDER, (p) => this.reveal(p) ?? p);
  }

  /** Streaming detokeniser for a response that arrives in chunks. */
  createDetokenizer(): Detokenizer {
    return new Detokenizer(this);
  }

  get size(): number {
    return this.sealed.size;
  }

  /** Forgets the key and every sealed value; the vault cannot reveal anything afterwards. */
  destroy(): void {
    this.key?.fill(0);
    this.key = null;
    this.sealed.clear();
    this.byValue.clear();
  }

  private requireKey(): Buffer {
    if (!this.key) throw new Error('token vault has been destroyed');
    return this.key;
  }
}

function safeType(type: string): string {
  const t = type.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  return /^[A-Za-z]/.test(t) ? t : `T${t}`.slice(0, 64);
}

// Could `tail` (which starts with "[") still grow into a placeholder?
const PARTIAL = /^\[(?:[A-Za-z][A-Za-z0-9_-]{0,63}(?:_\d{0,6})?)?$/;

/**
 * Restores placeholders in streamed text, including a placeholder split across chunks:
 * an unfinished "[TYPE_" at the end of a chunk is held back until the next chunk decides.
 */
export class Detokenizer {
  private pending = '';

  constructor(private readonly vault: TokenVault) {}

  push(chunk: string): string {
    const text = this.pending + chunk;
    this.pending = '';
    const open = text.lastIndexOf('[');
    if (open >= 0 && text.length - open <= MAX_PLACEHOLDER_LENGTH && PARTIAL.test(text.slice(open))) {
      this.pending = text.slice(open);
      return this.vault.detokenize(text.slice(0, open));
    }
    return this.vault.detokenize(text);
  }

  end(): string {
    const rest = this.pending;
    this.pending = '';
    return this.vault.detokenize(rest);
  }
}
