import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Example {
  text: string;
  label: 0 | 1;
  source: string;
  language: string;
}

export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
const TRAINING_DIR = resolve(__dirname, '..');

/** shared/datasets sits beside the repository (also in CI); IRONCAGE_DATASETS overrides it. */
export function datasetsDir(): string {
  const dir = process.env.IRONCAGE_DATASETS ?? resolve(REPO_ROOT, '..', 'shared', 'datasets');
  if (!existsSync(dir)) throw new Error(`datasets not found at ${dir}; set IRONCAGE_DATASETS`);
  return dir;
}

export const MULTILINGUAL_SOURCE = 'meta-llama/PurpleLlama:multilingual-machine-translated';

function readJsonl(path: string, defaults: Partial<Example>): { rows: Example[]; raw: string } {
  const raw = readFileSync(path, 'utf8');
  const rows: Example[] = [];
  for (const line of raw.split('\n')) {
    if (!line.trim()) continue;
    const o = JSON.parse(line) as Partial<Example>;
    rows.push({
      text: String(o.text),
      label: o.label === 1 ? 1 : 0,
      source: defaults.source ?? String(o.source),
      language: o.language ?? defaults.language ?? 'English',
    });
  }
  return { rows, raw };
}

export interface InjectionCorpus {
  rows: Example[];
  sha256: string;
  files: string[];
}

export interface CorpusOptions {
  /** Include the second round of written data (data/augment2-*.jsonl); default true. */
  augment2?: boolean;
  /** Include the third round (data/augment3-*.jsonl, model 3); default false. */
  augment3?: boolean;
}

/** All training rows: the shared data set, the multilingual attacks and our augmentation. */
export function loadInjectionCorpus(options: CorpusOptions = {}): InjectionCorpus {
  const dir = join(datasetsDir(), 'prompt-injection');
  const parts: Array<[string, Partial<Example>]> = [
    [join(dir, 'train.jsonl'), {}],
    [join(dir, 'multilingual-attacks.jsonl'), { source: MULTILINGUAL_SOURCE }],
    [join(TRAINING_DIR, 'data', 'augment-benign.jsonl'), {}],
    [join(TRAINING_DIR, 'data', 'augment-attacks.jsonl'), {}],
  ];
  if (options.augment2 ?? true) {
    parts.push([join(TRAINING_DIR, 'data', 'augment2-benign.jsonl'), {}], [join(TRAINING_DIR, 'data', 'augment2-attacks.jsonl'), {}]);
  }
  if (options.augment3) {
    parts.push([join(TRAINING_DIR, 'data', 'augment3-benign.jsonl'), {}], [join(TRAINING_DIR, 'data', 'augment3-attacks.jsonl'), {}]);
  }
  const hash = createHash('sha256');
  const rows: Example[] = [];
  for (const [path, defaults] of parts) {
    const { rows: r, raw } = readJsonl(path, defaults);
    hash.update(raw);
    rows.push(...r);
  }
  return { rows, sha256: hash.digest('hex'), files: parts.map(([p]) => p) };
}

/**
 * Hand-written probe sets, never trained on: v1 (50 rows), v2 (145 rows, written before
 * model 2's training) and v3 (133 rows, written before model 3's data and normaliser).
 */
export function loadProbeSet(version: 1 | 2 | 3 = 1): Example[] {
  return readJsonl(join(TRAINING_DIR, 'data', version === 1 ? 'probe-eval.jsonl' : `probe-v${version}.jsonl`), {}).rows;
}

/** Cross-source folds: a translated copy is held out together with its original. */
export function sourceGroup(source: string, splitIronCage = false): string {
  if (source === MULTILINGUAL_SOURCE || source.startsWith('meta-llama/PurpleLlama')) return 'PurpleLlama (EN + 17 languages)';
  // our rounds of written data were written separately (models 1, 2 and 3); split, each
  // is held out while the others train
  if (splitIronCage && source.startsWith('ironcage/augment3')) return 'ironcage written data, round 3';
  if (splitIronCage && source.startsWith('ironcage/augment2')) return 'ironcage written data, round 2';
  if (splitIronCage && source.startsWith('ironcage/augment')) return 'ironcage written data, round 1';
  if (source.startsWith('ironcage/augment')) return 'ironcage augmentation';
  return source;
}

export const MENTIONS_TRIGGER_WORDS = /ignor|instruction|system ?prompt|disregard|forget|anweisung|vergiss|systemprompt|anleitung/i;
