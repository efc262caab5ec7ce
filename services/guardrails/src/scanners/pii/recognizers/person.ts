import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PiiContext } from '../pii-context';

export interface NameGazetteer {
  version: string;
  first: ReadonlySet<string>;
  last: ReadonlySet<string>;
  /** names that are also common words or places: they need supporting context */
  ambiguous: ReadonlySet<string>;
}

interface NamesFile {
  format: string;
  version: string;
  first: string[];
  last: string[];
  ambiguous: string[];
}

export const DEFAULT_NAMES_PATH = join(__dirname, '..', '..', '..', '..', 'models', 'names-v1.json');

export function loadNameGazetteer(path: string = DEFAULT_NAMES_PATH): NameGazetteer {
  const file = JSON.parse(readFileSync(path, 'utf8')) as NamesFile;
  if (file.format !== 'ironcage-names/1') throw new Error(`unsupported names format ${file.format}`);
  return { version: file.version, first: new Set(file.first), last: new Set(file.last), ambiguous: new Set(file.ambiguous) };
}

// A run of up to four capitalised words (initials allowed), e.g. "Mary J. Blige-Smith".
const WORD = "\\p{Lu}[\\p{Ll}'’\\-]{1,30}(?:-\\p{Lu}[\\p{Ll}]{1,30})?";
const RUN = new RegExp(`(?<![\\p{L}\\p{N}_@.])(?:${WORD}|\\p{Lu}\\.)(?:[ \\t]{1,2}(?:${WORD}|\\p{Lu}\\.?)(?![\\p{L}])){0,3}(?![\\p{L}\\p{N}_@])`, 'gu');
// Words right before a name that make it one even if the gazetteer does not know it.
const STRONG_CUE = /(?:\b(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|herr|frau|mme|mlle|sr|sra|srta|dott)\.?|\bdear|\bname is|\bnamed|\bname:|\bcalled|\bi am|\bi'm|\bmy name's|\bich bin|\bich heiße|\bje m'appelle|\bje suis|\bme llamo|\bmi chiamo|\bchange it to|\bcorrect it to|\blast name\?|\bfirst name\?|\bsigned,?|\bregards,?|\bsincerely,?)[\s:,]{1,3}$/;
// Weaker cues: they only help a name the gazetteer knows.
const WEAK_CUE = /(?:\b(?:hi|hello|hey|thanks|thank you|cc|from|to|by|with|and|author|contact|patient|doctor|son|daughter|wife|husband|mother|father|sister|brother|friend|colleague|manager|producer|singer|ceo|president|met|asked|told|ask|tell|meet|call|email)|@)[\s:,]{1,3}$/;
// Family-name endings common across Slavic, Nordic, Baltic, Balkan, Greek, Armenian, Georgian and Turkish names.
const SURNAME_ENDING = /(?:ov|ova|ev|eva|ovich|evich|ovna|evna|enko|chuk|sky|ski|ska|skaya|wicz|owicz|czyk|sson|sen|dóttir|dottir|escu|ović|ević|ić|poulos|opoulos|idis|akis|yan|ian|shvili|adze|oglu|oğlu|ovski|evski|ovský|ová)$/;
const NOT_NAME = new Set([
  'inc', 'ltd', 'llc', 'gmbh', 'corp', 'co', 'plc', 'ag', 'sa', 'bank', 'university', 'street', 'avenue', 'road', 'hospital', 'school', 'church',
  'company', 'group', 'team', 'service', 'services', 'department', 'ministry', 'city', 'county', 'state', 'republic', 'kingdom', 'united', 'north',
  'south', 'east', 'west', 'new', 'the', 'of', 'and', 'apt', 'suite', 'unit', 'dear', 'hi', 'hello', 'thanks', 'regards', 'mr', 'mrs', 'ms', 'dr',
  'my', 'your', 'his', 'her', 'our', 'their', 'a', 'an', 'in', 'on', 'at', 'to', 'for', 'from', 'with', 'by', 'is', 'was', 'are', 'i', 'we', 'you', 'he',
  'she', 'it', 'they', 'this', 'that', 'what', 'who', 'how', 'why', 'when', 'where', 'can', 'will', 'please', 'yes', 'no', 'not', 'all', 'if', 'so',
  'name', 'address', 'phone', 'email', 'date', 'card', 'number', 'mobile', 'fax', 'desk', 'office', 'home', 'work', 'capital', 'baby', 'love', 'pass',
  'lane', 'drive', 'court', 'way', 'place', 'square', 'park', 'route', 'via', 'rue', 'calle', 'ul', 'str', 'u',
]);

// Nationalities, religions, regions and capitalised common nouns that name lists contain
// but that are rarely people in prompts (Presidio files the first kind under NRP).
const NOT_A_PERSON_ALONE = new Set(
  ('american british english french german italian spanish portuguese russian chinese japanese korean indian asian african european australian ' +
    'canadian mexican brazilian argentinian polish dutch swedish norwegian danish finnish greek turkish arab arabic persian jewish muslim hindu ' +
    'buddhist catholic protestant christian islam irish scottish welsh czech slovak hungarian romanian bulgarian serbian croatian ukrainian ' +
    'vietnamese thai filipino indonesian malaysian egyptian nigerian kenyan israeli iranian iraqi syrian pakistani bangladeshi latino hispanic ' +
    'asia africa europe america australia python java ruby rust swift kotlin scala perl atlas human historian post access anarchy tesla apple ' +
    'amazon google microsoft meta oracle linux windows android chrome safari jupiter mars venus mercury saturn god lord king queen prince princess ' +
    'captain general agent coach doctor professor president senator governor mayor judge officer sergeant chief').split(' '),
);

export function findPersons(ctx: PiiContext, names: NameGazetteer): void {
  const text = ctx.text;
  RUN.lastIndex = 0;
  for (let m = RUN.exec(text); m; m = RUN.exec(text)) {
    const runStart = m.index;
    const tokens: Array<{ word: string; start: number; end: number }> = [];
    const tokenRe = /[^\s]+/g;
    for (let t = tokenRe.exec(m[0]); t; t = tokenRe.exec(m[0])) tokens.push({ word: t[0], start: runStart + t.index, end: runStart + t.index + t[0].length });
    // split the run at words that cannot be part of a name
    let group: typeof tokens = [];
    const flush = () => {
      if (group.length > 0) judge(ctx, names, group);
      group = [];
    };
    for (const tok of tokens) {
      const key = tok.word.replace(/[.,]$/, '').toLowerCase();
      if (NOT_NAME.has(key)) flush();
      else group.push(tok);
    }
    flush();
  }
}

function judge(ctx: PiiContext, names: NameGazetteer, tokens: Array<{ word: string; start: number; end: number }>): void {
  let group = tokens;
  const keys = group.map((t) => t.word.replace(/['’]s$/, '').replace(/\.$/, '').toLowerCase());
  const isInitial = (k: string) => k.length === 1;
  const first = (k: string) => names.first.has(k);
  const last = (k: string) => names.last.has(k) || SURNAME_ENDING.test(k) || (k.includes('-') && k.split('-').every((p) => names.last.has(p)));
  const clear = (k: string) => !names.ambiguous.has(k);
  const strong = ctx.near(STRONG_CUE, group[0].start, group[0].start, 28);
  const weak = !strong && ctx.near(WEAK_CUE, group[0].start, group[0].start, 20);
  let end = group[group.length - 1].end;
  if (/['’]s$/.test(group[group.length - 1].word)) end -= 2;
  if (ctx.text[end - 1] === '.' && !isInitial(keys[keys.length - 1])) end -= 1;

  while (group.length > 1 && NOT_A_PERSON_ALONE.has(keys[0])) {
    group = group.slice(1);
    keys.shift();
  }
  const start = group[0].start;
  const named = keys.filter((k) => !isInitial(k));
  if (named.length === 0 || named.every((k) => NOT_A_PERSON_ALONE.has(k))) return;
  const known = named.filter((k) => first(k) || last(k));
  const knownClear = known.filter(clear);
  let score = 0;
  if (strong) score = 0.85;
  else if (named.length === 1) {
    if (known.length === 0 || NOT_A_PERSON_ALONE.has(named[0]) || named[0].length < 3) return;
    if (weak) score = 0.7;
    else if (knownClear.length > 0 && !sentenceStart(ctx, start)) score = 0.6;
    else if (knownClear.length > 0) score = 0.5;
  } else {
    const firstKnown = first(named[0]);
    const lastKnown = last(named[named.length - 1]);
    const hasInitial = keys.length > named.length;
    if (firstKnown && lastKnown) score = knownClear.length > 0 ? 0.9 : 0.7;
    else if (known.length > 0 && (knownClear.length > 0 || hasInitial || weak)) score = 0.7;
    else if (hasInitial && keys.length === 3 && isInitial(keys[1])) score = 0.6;
  }
  if (score > 0) ctx.add('PERSON', start, end, score, 26);
}

function sentenceStart(ctx: PiiContext, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && (ctx.text[i] === ' ' || ctx.text[i] === '\t')) i--;
  return i < 0 || /[.!?\n"“]/.test(ctx.text[i]);
}
