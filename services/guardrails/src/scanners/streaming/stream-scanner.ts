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

/**
 * Redacts PII and secrets in text that arrives in chunks (an SSE stream) while holding
 * back at most `windowCap` characters, so a value split across chunks is still caught.
 *
 * Each push scans the held text plus the new chunk. Everything older than the last
 * `windowCap` characters is released, redacted; a finding that crosses that line is
 * released whole (redacted). A private key block, which is longer than any window, is
 * replaced as soon as its BEGIN line shows and the rest of it is dropped until its END line.
 */
export class StreamScanner {
  private buffer = '';
  private contextTail = '';
  /** stream offset of buffer[0] */
  private offset = 0;
  private inPrivateKey = false;
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
    if (this.inPrivateKey) {
      const consumed = this.skipPrivateKey(text);
      if (consumed < 0) return '';
      text = text.slice(consumed);
    }
    this.buffer += text;
    const begin = PEM_BEGIN.exec(this.buffer);
    if (begin) {
      const after = this.buffer.slice(begin.index);
      const end = PEM_END.exec(after);
      if (!end) {
        // release what precedes the key, then the key's placeholder, and drop the key
        out += this.release(begin.index, true);
        out += this.replacePrivateKey(this.buffer.length);
        this.inPrivateKey = true;
        this.pemTail = this.buffer.slice(-64);
        this.offset += this.buffer.length;
        this.buffer = '';
        this.noteHeld();
        return out;
      }
    }
    if (this.buffer.length > this.cap) out += this.release(this.buffer.length - this.cap, false);
    this.noteHeld();
    return out;
  }

  /** Flushes everything held back, redacted. */
  end(): string {
    if (this.inPrivateKey) {
      this.inPrivateKey = false;
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

  private replacePrivateKey(end: number): string {
    const finding: Finding = { type: PEM_TYPE, start: 0, end, score: 0.95 };
    const text = this.buffer.slice(0, end);
    this.all.push({ ...finding, start: this.offset, end: this.offset + end });
    return redact(text, [finding], this.options.modes, this.redactOptions).text;
  }

  /** While inside a key block: returns how much of `chunk` the block still covers, or -1 for all of it. */
  private skipPrivateKey(chunk: string): number {
    const joined = this.pemTail + chunk;
    const end = PEM_END.exec(joined);
    if (!end) {
      this.pemTail = joined.slice(-64);
      this.offset += chunk.length;
      return -1;
    }
    this.inPrivateKey = false;
    this.pemTail = '';
    const consumed = end.index + end[0].length - (joined.length - chunk.length);
    this.offset += consumed;
    return consumed;
  }
}
