import { basename } from 'node:path';
import { parse } from 'shell-quote';

const INTERPRETERS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'python', 'python3', 'perl', 'ruby', 'node', 'php', 'powershell', 'pwsh', 'cmd', 'eval', 'exec', 'xargs', 'env']);
const INLINE_FLAGS = new Set(['-c', '-e', '-E', '--eval', '-Command', '/c', '-r']);

/** Problems with a command line an agent wants to run: anything that would make a shell run more than one program. */
export function checkShell(value: string, allowed?: readonly ((name: string) => boolean)[]): string[] {
  const problems: string[] = [];
  if (value.includes('\0')) problems.push('contains a NUL byte');
  if (/[\r\n]/.test(value)) problems.push('contains a line break (a second command)');
  if (value.includes('`')) problems.push('contains command substitution (backticks)');
  if (value.includes('$(')) problems.push('contains command substitution ($(…))');
  if (/\$\{|\$[A-Za-z_]/.test(value)) problems.push('expands shell variables');
  let tokens: ReturnType<typeof parse>;
  try {
    tokens = parse(value, (name) => `$${name}`);
  } catch {
    return [...problems, 'cannot be parsed as a command line'];
  }
  const ops = new Set<string>();
  for (const t of tokens) {
    if (typeof t === 'object' && 'op' in t && t.op !== 'glob') ops.add(t.op);
    if (typeof t === 'object' && 'comment' in t) problems.push('contains a shell comment');
  }
  if (ops.size > 0) problems.push(`uses shell operators (${[...ops].join(' ')}): chaining, pipes, redirection or sub-shells`);
  const words = tokens.filter((t): t is string => typeof t === 'string');
  const program = words[0];
  if (!program) return [...problems, 'names no command'];
  const name = basename(program);
  if (allowed && !allowed.some((m) => m(name))) problems.push(`runs ${name}, which is not an allowed command`);
  if (INTERPRETERS.has(name) && words.slice(1).some((w) => INLINE_FLAGS.has(w))) problems.push(`runs an inline script through ${name}`);
  return problems;
}
