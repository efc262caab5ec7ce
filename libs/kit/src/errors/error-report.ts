import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';

/** Longest message an error report carries, after scrubbing. */
export const REPORT_MESSAGE_MAX = 1024;
/** Frames kept in a report's stack, and the length of each. */
export const REPORT_STACK_FRAMES_MAX = 30;
const FRAME_MAX = 500;
/** In-app frames the fingerprint is made of. */
export const FINGERPRINT_FRAMES = 5;

const REDACTED = '[REDACTED]';

/**
 * What an error message may carry that must not leave the process: key-like tokens (`sk-…`,
 * `ic-…`, `ghp_…`, `xoxb-…`, `AKIA…`), bearer tokens and JWTs, credentials in URLs, `password=…`
 * style pairs, and long hex or base64 strings. Applied in order; each keeps what names the secret.
 */
const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*:[^\s/@]*@/gi, `$1${REDACTED}@`],
  [/\b(sk|pk|rk|ic|sess|whsec|xox[abprs]|gh[pousr]|glpat|hf|csk)([-_])[A-Za-z0-9_-]{6,}/g, `$1$2${REDACTED}`],
  [/\bAKIA[0-9A-Z]{16}\b/g, REDACTED],
  [/\b(password|passwd|pwd|secret|token|api[-_]?key|access[-_]?key|authorization)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi, `$1$2${REDACTED}`],
  [/\b[0-9a-f]{32,}\b/gi, REDACTED],
  [/[A-Za-z0-9+/_-]{40,}={0,2}/g, REDACTED],
];

/** The text with every secret-looking token replaced by `[REDACTED]`. */
export function redactSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((s, [pattern, replacement]) => s.replace(pattern, replacement), text);
}

/** A message fit for a report: secrets redacted, on one line, capped. */
export function scrubMessage(message: string, max = REPORT_MESSAGE_MAX): string {
  const one = redactSecrets(message).replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

export interface StackFrame {
  /** Function as V8 names it (`AuditRepository.find`), or `<anonymous>`. */
  fn: string;
  /** Relative to the app root for the app's own files; `node_modules/…` or `node:…` otherwise. */
  file: string;
  line?: number;
  column?: number;
  /** The app's own code: neither Node internals nor a dependency. */
  inApp: boolean;
}

const FRAME_WITH_FN = /^\s*at (?:async )?(.+?) \((.+?)(?::(\d+))?(?::(\d+))?\)$/;
const FRAME_BARE = /^\s*at (?:async )?(.+?)(?::(\d+))?(?::(\d+))?$/;

/** Where a file is, without anything that says where the app is installed. */
export function relativeFile(file: string, root: string): string {
  let f = file.startsWith('file://') ? decodeURIComponent(file.slice('file://'.length)) : file;
  const nm = f.lastIndexOf(`${sep}node_modules${sep}`);
  if (nm >= 0) return f.slice(nm + 1).split(sep).join('/');
  if (!isAbsolute(f)) return f;
  const rel = relative(root, f);
  f = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : f.split(sep).slice(-2).join('/');
  return f.split(sep).join('/');
}

/** The frames of a V8 stack, innermost first, with paths made relative to `root`. */
export function parseStack(stack: string | undefined, root: string): StackFrame[] {
  if (!stack) return [];
  const frames: StackFrame[] = [];
  for (const raw of stack.split('\n')) {
    if (!/^\s*at /.test(raw)) continue;
    const withFn = FRAME_WITH_FN.exec(raw);
    const [fn, location, line, column] = withFn ? [withFn[1], withFn[2], withFn[3], withFn[4]] : (() => {
      const bare = FRAME_BARE.exec(raw);
      return ['<anonymous>', bare?.[1] ?? raw.trim(), bare?.[2], bare?.[3]];
    })();
    const internal = location.startsWith('node:') || location.startsWith('internal/') || location === 'native' || location === '<anonymous>';
    const file = internal ? location : relativeFile(location, root);
    frames.push({
      fn,
      file,
      ...(line ? { line: Number(line) } : {}),
      ...(column ? { column: Number(column) } : {}),
      inApp: !internal && !file.startsWith('node_modules/'),
    });
  }
  return frames;
}

export const formatFrame = (f: StackFrame): string => {
  const at = `${f.file}${f.line !== undefined ? `:${f.line}` : ''}${f.column !== undefined ? `:${f.column}` : ''}`;
  const text = f.fn === '<anonymous>' ? `at ${at}` : `at ${f.fn} (${at})`;
  return text.length > FRAME_MAX ? `${text.slice(0, FRAME_MAX - 1)}…` : text;
};

/**
 * Groups occurrences of one failure: sha256 of the service, the error's name and its innermost
 * in-app frames (function and file: no line, column or message, so a redeploy that moves the
 * code or a message naming an id still groups together). Without in-app frames, any frames.
 */
export function fingerprintOf(service: string, name: string, frames: StackFrame[], depth = FINGERPRINT_FRAMES): string {
  const inApp = frames.filter((f) => f.inApp);
  const picked = (inApp.length > 0 ? inApp : frames).slice(0, depth).map((f) => `${f.fn}@${f.file}`);
  return createHash('sha256').update([service, name, ...picked].join('\n')).digest('hex');
}

export interface ErrorSummary {
  name: string;
  message: string;
  stack: string[];
  fingerprint: string;
}

/** What a report says about an error: name, scrubbed message, frames and fingerprint. */
export function summariseError(err: unknown, service: string, root: string): ErrorSummary {
  const e = err instanceof Error ? err : undefined;
  const name = (e?.name || e?.constructor?.name || typeof err).slice(0, 128) || 'Error';
  const message = scrubMessage(e ? e.message : typeof err === 'string' ? err : safeString(err));
  const frames = parseStack(e?.stack, root);
  return { name, message, stack: frames.slice(0, REPORT_STACK_FRAMES_MAX).map(formatFrame), fingerprint: fingerprintOf(service, name, frames) };
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return 'unprintable value';
  }
}
