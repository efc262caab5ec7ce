import { KeywordAutomaton } from '../shared/aho-corasick';
import { resolveOverlaps } from '../shared/spans';
import { Finding } from '../types';
import { SECRET_RULES } from './rules';
import { SecretRule } from './secret-rule';

interface CompiledRule {
  rule: SecretRule;
  regex: RegExp;
  score: number;
}

/**
 * Finds credentials by rule. A keyword automaton first tells, in one pass, which rules can
 * match at all; only those rules' regexes run.
 */
export class SecretScanner {
  private readonly compiled: CompiledRule[];
  private readonly automaton: KeywordAutomaton;
  private readonly hit: Uint8Array;
  /** Longest span any rule reports (bounded by each rule's maxLength). */
  readonly maxPatternLength: number;

  constructor(readonly rules: readonly SecretRule[] = SECRET_RULES) {
    const ids = new Set<string>();
    for (const r of rules) {
      if (ids.has(r.id)) throw new Error(`duplicate secret rule id ${r.id}`);
      ids.add(r.id);
      if (r.keywords.length === 0) throw new Error(`secret rule ${r.id} has no keyword`);
    }
    this.compiled = rules.map((rule) => ({
      rule,
      regex: rule.secretGroup > 0 && !rule.regex.hasIndices ? new RegExp(rule.regex.source, rule.regex.flags + 'd') : rule.regex,
      score: rule.priority >= 10 ? 0.95 : rule.priority >= 5 ? 0.8 : 0.6,
    }));
    this.automaton = new KeywordAutomaton(rules.map((r) => r.keywords));
    this.hit = new Uint8Array(rules.length);
    this.maxPatternLength = Math.max(...rules.map((r) => r.maxLength));
  }

  scan(text: string): Finding[] {
    const hit = this.hit;
    this.automaton.scan(text, hit);
    const found: Array<Finding & { priority: number }> = [];
    for (let i = 0; i < hit.length; i++) {
      if (hit[i] === 0) continue;
      hit[i] = 0;
      const { rule, regex, score } = this.compiled[i];
      regex.lastIndex = 0;
      for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
        if (m[0].length === 0) {
          regex.lastIndex++;
          continue;
        }
        let start = m.index;
        let end = start + m[0].length;
        let secret = m[0];
        if (rule.secretGroup > 0) {
          const span = m.indices?.[rule.secretGroup];
          if (!span) continue;
          [start, end] = span;
          secret = m[rule.secretGroup];
        }
        if (rule.validate && !rule.validate(secret)) continue;
        found.push({ type: rule.id, start, end, score, priority: rule.priority });
      }
    }
    if (found.length === 0) return [];
    return resolveOverlaps(found).map(({ type, start, end, score }) => ({ type, start, end, score }));
  }
}
