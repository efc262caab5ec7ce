import { ModeByType, redact, RedactOptions } from '../redaction/redact';
import { Finding } from '../types';

export interface StreamScannerOptions {
  /** Finds what must not pass (the engine passes PII + secrets). */
  scan: (text: string) => Finding[];
  modes?: ModeByType;
  redact?: RedactOptions;
  /** Most characters held back between chunks (default 256). */
  windowCap?: number;
  /** Already-emitted characters kept to give context to the next scan (default 64). */
  contextChars?: number;
}

const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/;
const PEM_END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/;
const PEM_TYPE = 'private-key-pem';
// A JWT still growing at the end of the buffer: header already complete and valid.
const OPEN_JWT = /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{10,2048})\.[A-Za-z0-9_.-]{0,16384}$/;
const JWT_CHAR = /[A-Za-z0-9_.-]/;

function jwtHeader(part: string): boolean {
  try {
    const header = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { alg?: unknown };
    return typeof header === 'object' && header !== null && typeof header.alg === 'string';
  } catch {
    return false;
  }
}

type Suppress = { kind: 'pem' } | { kind: 'token' };

/**
 * Redacts PII and secrets in text that arrives in chunks (an SSE stream) while holding
 * back at most `windowCap` characters, so a value split across chunks is still caught.
 *
 * Each push scans the held text plus the new chunk. Everything older than the last
 * `windowCap` characters is released, redacted; a finding that crosses that line is
 * released whole (redacted). Secrets longer than any window are replaced as soon as they
 * are recognisable and the rest of them is dropped as it arrives: a private key block from
 * its BEGIN line to its END line, a JWT from its (validated) header to its last character.
 */
export class StreamScanner {
  private buffer = '';
  private contextTail = '';
  /** stream offset of buffer[0] */
  private offset = 0;
  private suppress: Suppress | null = null;
  private pemTail = '';
  private readonly cap: number;
  private readonly contextChars: number;
  private readonly redactOptions: RedactOptions;
  private readonly all: Finding[] = [];
  private maxHeld = 0;

  constructor(private readonly options: StreamScannerOptions) {
    this.cap = Math.max(16, options.windowCap ?? 256);
    this.contextChars = options.contextChars ?? 64;
    this.redactOptions = { counters: new Map(), ...options.redact };
  }

  /** Findings so far, with offsets into the whole stream as it came in. */
  get findings(): readonly Finding[] {
    return this.all;
  }

  /** Characters held back right now. */
  get held(): number {
    return this.buffer.length;
  }

  /** Most characters held back at any time. */
  get maxHeldBack(): number {
    return this.maxHeld;
  }

  get blocked(): boolean {
    return this.all.some((f) => (this.options.modes?.[f.type] ?? this.options.modes?.default) === 'block');
  }

  push(chunk: string): string {
    let out = '';
    let text = chunk;
    if (this.suppress) {
      const consumed = this.skipSuppressed(text);
      if (consumed < 0) return '';
      text = text.slice(consumed);
    }
    this.buffer += text;
    const begin = PEM_BEGIN.exec(this.buffer);
    if (begin && !PEM_END.test(this.buffer.slice(begin.index))) {
      // release what precedes the key, then the key's placeholder, and drop the key
      out += this.release(begin.index, true);
      out += this.replaceOpenSecret(PEM_TYPE);
      this.suppress = { kind: 'pem' };
      this.pemTail = this.buffer.slice(-64);
      this.dropBuffer();
      return out;
    }
    if (this.buffer.length > this.cap) {
      // a token longer than the window that is still arriving (a JWT): replace it now
      const jwt = OPEN_JWT.exec(this.buffer);
      if (jwt && jwt.index < this.buffer.length - this.cap && jwtHeader(jwt[1])) {
        out += this.release(jwt.index, true);
        out += this.replaceOpenSecret('jwt');
        this.suppress = { kind: 'token' };
        this.dropBuffer();
        return out;
      }
      out += this.release(this.buffer.length - this.cap, false);
    }
    this.noteHeld();
    return out;
  }

  private dropBuffer(): void {
    this.offset += this.buffer.length;
    this.buffer = '';
    this.noteHeld();
  }

  /** Flushes everything held back, redacted. */
  end(): string {
    if (this.suppress) {
      this.suppress = null;
      this.buffer = '';
      return '';
    }
    const out = this.release(this.buffer.length, true);
    this.noteHeld();
    return out;
  }

  private noteHeld(): void {
    if (this.buffer.length > this.maxHeld) this.maxHeld = this.buffer.length;
  }

  /** Releases buffer[0, cut) redacted (moving cut past a finding that crosses it, unless `exact`). */
  private release(cut: number, exact: boolean): string {
    if (cut <= 0) return '';
    const prefix = this.contextTail;
    const found = this.options.scan(prefix + this.buffer);
    const local: Finding[] = [];
    for (const f of found) {
      const start = f.start - prefix.length;
      const end = f.end - prefix.length;
      if (end <= 0) continue;
      local.push({ ...f, start: Math.max(0, start), end });
    }
    let at = cut;
    if (!exact) {
      for (const f of local) if (f.start < at && f.end > at) at = f.end;
      // never split a surrogate pair
      const code = this.buffer.charCodeAt(at - 1);
      if (at < this.buffer.length && code >= 0xd800 && code <= 0xdbff) at--;
    } else {
      for (const f of local) if (f.start < at && f.end > at) f.end = at;
    }
    const released = this.buffer.slice(0, at);
    const inside = local.filter((f) => f.start < at);
    const result = redact(released, inside, this.options.modes, this.redactOptions);
    for (const f of inside) this.all.push({ ...f, start: f.start + this.offset, end: f.end + this.offset });
    this.contextTail = (this.contextTail + released).slice(-this.contextChars);
    this.buffer = this.buffer.slice(at);
    this.offset += at;
    return result.text;
  }

  /** Redacts the whole buffer as one finding of `type` (a secret whose end has not arrived yet). */
  private replaceOpenSecret(type: string): string {
    const end = this.buffer.length;
    const finding: Finding = { type, start: 0, end, score: 0.95 };
    this.all.push({ ...finding, start: this.offset, end: this.offset + end });
    return redact(this.buffer, [finding], this.options.modes, this.redactOptions).text;
  }

  /** While a secret is being dropped: how much of `chunk` it still covers, or -1 for all of it. */
  private skipSuppressed(chunk: string): number {
    if (this.suppress?.kind === 'token') {
      let i = 0;
      while (i < chunk.length && JWT_CHAR.test(chunk[i])) i++;
      this.offset += i;
      this.extendLast(i);
      if (i === chunk.length) return -1;
      this.suppress = null;
      return i;
    }
    const joined = this.pemTail + chunk;
    const end = PEM_END.exec(joined);
    if (!end) {
      this.pemTail = joined.slice(-64);
      this.offset += chunk.length;
      this.extendLast(chunk.length);
      return -1;
    }
    this.suppress = null;
    this.pemTail = '';
    const consumed = end.index + end[0].length - (joined.length - chunk.length);
    this.offset += consumed;
    this.extendLast(consumed);
    return consumed;
  }

  /** The dropped secret's finding grows with what is dropped. */
  private extendLast(n: number): void {
    const last = this.all[this.all.length - 1];
    if (last) this.all[this.all.length - 1] = { ...last, end: last.end + n };
  }
}
