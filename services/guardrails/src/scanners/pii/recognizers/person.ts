import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PiiContext } from '../pii-context';

export interface NameGazetteer {
  version: string;
  first: ReadonlySet<string>;
  last: ReadonlySet<string>;
  /** names that are also common words or places: they need supporting context */
  ambiguous: ReadonlySet<string>;
  /** the ambiguous names that are common words ("blue", "will"), not only places ("Bryan", "Tracy") */
  words: ReadonlySet<string>;
}

interface NamesFile {
  format: string;
  version: string;
  first: string[];
  last: string[];
  ambiguous: string[];
  /** since names-v2; older files count every ambiguous name as a word */
  words?: string[];
}

export const DEFAULT_NAMES_PATH = join(__dirname, '..', '..', '..', '..', 'models', 'names-v2.json');

export function loadNameGazetteer(path: string = DEFAULT_NAMES_PATH): NameGazetteer {
  const file = JSON.parse(readFileSync(path, 'utf8')) as NamesFile;
  if (file.format !== 'ironcage-names/1') throw new Error(`unsupported names format ${file.format}`);
  return {
    version: file.version,
    first: new Set(file.first),
    last: new Set(file.last),
    ambiguous: new Set(file.ambiguous),
    words: new Set(file.words ?? file.ambiguous),
  };
}

// A run of up to four capitalised words (initials allowed), e.g. "Mary J. Blige-Smith",
// "Seán O'Brien", "Ludwig van Beethoven": lower-case particles may join two capitalised words.
const WORD = "\\p{Lu}(?:['’]\\p{Lu}|c\\p{Lu})?[\\p{Ll}'’\\-]{1,30}(?:-\\p{Lu}[\\p{Ll}]{1,30})?";
const PARTICLE = '(?:van|von|der|den|de|du|da|di|del|della|dos|das|do|le|la|ten|ter|bin|ibn|al|el|zu|af|y)';
const RUN = new RegExp(
  `(?<![\\p{L}\\p{N}_@.])(?:${WORD}|\\p{Lu}\\.)(?:[ \\t]{1,2}(?:${PARTICLE}[ \\t](?:${PARTICLE}[ \\t])?(?=\\p{Lu}))?(?:${WORD}|\\p{Lu}\\.?)(?![\\p{L}])){0,3}(?![\\p{L}\\p{N}_@])`,
  'gu',
);
const IS_PARTICLE = new RegExp(`^${PARTICLE}$`);
// Words right before a name that make it one even if the gazetteer does not know it.
const STRONG_CUE = /(?:\b(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|herr|frau|mme|mlle|sr|sra|srta|dott)\.?|\bdear|\bname is|\bnamed|\bname:|\bcalled|\bi am|\bi'm|\bmy name's|\bich bin|\bich heiße|\bje m'appelle|\bje suis|\bme llamo|\bmi chiamo|\bchange it to|\bcorrect it to|\blast name\?|\bfirst name\?|\bsigned,?|\bregards,?|\bsincerely,?|\bname\?|\bcalls? me|\bcalled me|\b(?:my|our|his|her|their) (?:son|daughter|kid|child|wife|husband|brother|sister|mother|father|mom|mum|dad|friend|boss|colleague|co-?worker|neighbou?r|boyfriend|girlfriend|partner|fiancée?|cousin|uncle|aunt|grandson|granddaughter|grandmother|grandfather|grandma|grandpa|nephew|niece|landlord|landlady|tenant|manager|teacher|doctor|lawyer|intern|assistant|ceo|cto|cfo))[\s:,]{1,3}$/;
// Weaker cues: they only help a name the gazetteer knows.
const WEAK_CUE = /(?:\b(?:hi|hello|hey|hallo|hola|ciao|bonjour|salut|hej|hei|moin|servus|olá|oi|liebe|lieber|querid[ao]|car[ao]|cher|chère|thanks|thank you|cc|author|contact|patient|doctor|son|daughter|wife|husband|mother|father|sister|brother|friend|colleague|manager|producer|singer|ceo|president|met|asked|told|ask|tell|meet|call|email|kid|child|uncle|aunt|cousin|boss|neighbou?r|partner|fiancée?|boyfriend|girlfriend|tenant|landlord|customer|client|employee|user|named)|@)[\s:,]{1,3}$/;
// What follows a name: verbs of speech and of a life. Known names only.
const AFTER_CUE = /^(?:['’]s)?,?[ \t]+(?:said|says|told|tells|asked|asks|replied|replies|wrote|writes|explained|added|answered|shouted|whispered|smiled|laughed|cried|sighed|nodded|lives|lived|was born|is from|comes from|came from|grew up|works as|worked as|spent|began|had given|has been|is my|was my|is a (?:friend|colleague|doctor|nurse|teacher|student)|and (?:i|me|his|her))\b/;
// The subset that hardly follows anything but a person: it also helps a name the gazetteer lacks.
const PERSON_AFTER_CUE = /^(?:['’]s)?,?[ \t]+(?:shouted|whispered|smiled|laughed|cried|sighed|nodded|lives (?:at|on|in|with)|lived (?:at|on|in|with)|was born (?:in|on)|grew up in|['’]s (?:wife|husband|son|daughter|mother|father|brother|sister|birthday|funeral))\b|^['’]s (?:wife|husband|son|daughter|mother|father|brother|sister|birthday|funeral)\b/;
// Words after a run that make it an organisation or a place, not a person.
const ORG_WORDS =
  'company|group|orchestra|associates|partners|consulting|investments|holdings|foundation|institute|university|college|school|academy|bank|' +
  'hotel|hospital|clinic|airlines|airline|airways|motors|industries|solutions|systems|technologies|labs|lab|studios|studio|records|media|press|' +
  'publishing|capital|ventures|fund|trust|society|club|united|city|county|island|islands|river|lake|mountains|valley|street|avenue|road|' +
  'station|airport|bridge|memorial|monument|museum|library|cathedral|tower|stadium|arena|theatre|theater|gallery|centre|center|' +
  'agency|unlimited|enterprises|international|global|worldwide|consultancy|logistics|network|networks|software|analytics|digital|' +
  'index|report|notes|act|law|prize|award|cup|league|festival|conference|summit|syndrome|disease|effect|theorem|principle|method|algorithm';
const ORG_WORD = new Set(ORG_WORDS.split('|').concat(['ltd', 'inc', 'llc', 'llp', 'plc', 'gmbh', 'corp', 'corporation']));
const ORG_AFTER = new RegExp(
  `^(?:(?:,|,?[ \\t]+(?:and|&))[ \\t]+\\p{Lu}[\\p{L}'’\\-]+){0,4}[ \\t]+(?:&[ \\t]+(?:[Cc]o|[Ss]ons)|(?:ltd|inc|llc|llp|plc|gmbh|corp|fc)\\b|(?:LTD|INC|LLC|LLP|PLC|GMBH|CORP|FC)\\b|(?:Ltd|Inc|Llc|Corp|Corporation)\\b|(?:${ORG_WORDS.replace(/(^|\|)(\w)/g, (_, p: string, c: string) => p + c.toUpperCase())})\\b)`,
  'u',
);
// An employer or a company in the news: "I work for Wolters Kluwer", "shares of Acme".
const EMPLOYER_BEFORE = /\b(?:work(?:s|ed|ing)? (?:for|at)|employed (?:by|at)|(?:i|we|she|he|they) joined|shares of|stock of|acquired by|acquisition of|invest(?:ed|ing)? in)[ \t]$/;
const ORG_BEFORE = /\b(?:university|college|bank|city|state|republic|kingdom|port|town|village|county|province|district|isle|lake|mount|river|gulf|bay|cape|fort|lake|museum|church|cathedral|hospital|school|institute) of[ \t]$/;
// The word after a run that NOT_NAME split off: "Shelly Park", "Miller Ltd".
const NEXT_PLACE = /^[ \t]+(?:inc|ltd|llc|gmbh|corp|co|plc|bank|university|street|avenue|road|hospital|school|church|company|group|city|county|state|lane|drive|court|way|place|square|park|route|str)\b/;
const PLACE_PART = new Set(['st', 'saint', 'san', 'santa', 'são', 'los', 'las']);
const PLACE_FIRST = new Set(['st', 'saint', 'san', 'santa', 'são', 'los', 'las', 'el', 'port', 'fort', 'lake', 'mount', 'mont', 'monte', 'cape', 'isla', 'rio', 'new']);
// Last words that make a capitalised run a place or a street ("Dora Creek", "Zachary Cliffs").
const PLACE_WORD = new Set(
  (
    'creek cliff cliffs island islands isle hills dales union dam flat flats greens square squares loop parks valley valleys mountain ' +
    'mountains mount lake lakes river falls harbor harbour port beach bluff bluffs bottoms burg burgs bypass canyon cape causeway center ' +
    'centre centers common commons corner corners course courts coves crossroad curve divide estate estates expressway extension ferry forge ' +
    'forges fork forks fort freeway garden gardens gateway heights highway hollow inlet junction knoll knolls landing lodge manor manors meadow ' +
    'meadows motorway neck orchard oval overpass pass passage pine pines plain plains plaza point points ports prairie radial ramp ranch rapid ' +
    'rapids ridge ridges route shoal shoals shore shores skyway spur station stravenue stream summit throughway trace track trafficway trail ' +
    'trailer tunnel turnpike underpass vista via view views village villages ville walk walks ways street st rd ave blvd avenue road drive ' +
    'boulevard terrace place crescent close row alley parkway circle'
  ).split(' '),
);

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
  'note', 'ps', 'update', 'edit', 'warning', 'important', 'attention', 'reminder', 'subject', 're', 'fwd', 'cc', 'bcc',
  'hallo', 'hola', 'ciao', 'bonjour', 'salut', 'hej', 'hei', 'moin', 'servus', 'olá', 'oi', 'liebe', 'lieber', 'querido', 'querida', 'caro', 'cara', 'cher', 'chère',
  "i'm", 'i’m', "i'd", "i'll", "i've", 'im', 'miss', 'mx', 'prof', 'sir', 'dame', 'herr', 'frau', 'mme', 'mlle', 'sr', 'sra', 'srta', 'dott', 'dear', 'madam',
]);

// Nationalities, religions, regions and capitalised common nouns that name lists contain
// but that are rarely people in prompts (Presidio files the first kind under NRP).
const NOT_A_PERSON_ALONE = new Set(
  ('american british english french german italian spanish portuguese russian chinese japanese korean indian asian african european australian ' +
    'canadian mexican brazilian argentinian polish dutch swedish norwegian danish finnish greek turkish arab arabic persian jewish muslim hindu ' +
    'roman latin viking celtic gothic medieval victorian byzantine ottoman aztec mayan inca norse nordic baltic slavic soviet ' +
    'buddhist catholic protestant christian islam irish scottish welsh czech slovak hungarian romanian bulgarian serbian croatian ukrainian ' +
    'vietnamese thai filipino indonesian malaysian egyptian nigerian kenyan israeli iranian iraqi syrian pakistani bangladeshi latino hispanic ' +
    'asia africa europe america australia python java ruby rust swift kotlin scala perl atlas human historian post access anarchy tesla apple ' +
    'amazon google microsoft meta oracle linux windows android chrome safari jupiter mars venus mercury saturn god lord king queen prince princess ' +
    'captain general agent coach doctor professor president senator governor mayor judge officer sergeant chief detective inspector rabbi ' +
    'reverend pastor ambassador minister chancellor councillor councilor congressman congresswoman representative producer director').split(' '),
);

type Language = 'english' | 'german' | 'other';
interface ScanState {
  lang: Language;
  /** where the street addresses found before end */
  addressEnds: ReadonlySet<number>;
  addressStarts: ReadonlySet<number>;
}
const ENGLISH_WORDS = /\b(?:the|and|is|are|you|to|of|it|for|with|my|this|that|what|how|can|please)\b/g;
const GERMAN_WORDS = /\b(?:der|die|das|und|ist|nicht|mit|für|ein|eine|einen|einer|ich|sie|wir|auf|zu|zum|zur|im|dem|den|des|sich|wie|was|mir|mich|meine|meinen|dein|deine|bitte|alle|aus|gib|nur|auch|oder|aber|sind|bin|hat|haben|wird|kann|bei|nach|über|von|vom)\b/g;

/** English, German (whose nouns are all capitalised) or another language, by counting a few function words. */
function languageOf(lower: string): Language {
  const en = lower.match(ENGLISH_WORDS)?.length ?? 0;
  const de = lower.match(GERMAN_WORDS)?.length ?? 0;
  if (de >= 2 && de > en) return 'german';
  // too short to tell (a name alone, "Thanks Priya!"): as English
  return en >= 1 || !/\S+\s+\S+\s+\S+\s+\S+/.test(lower) ? 'english' : 'other';
}

export function findPersons(ctx: PiiContext, names: NameGazetteer): void {
  const text = ctx.text;
  const before = ctx.out.length;
  const addressEnds = new Set<number>();
  const addressStarts = new Set<number>();
  for (const c of ctx.out) {
    if (c.type !== 'STREET_ADDRESS' || c.score < 0.6) continue;
    addressEnds.add(c.end);
    addressStarts.add(c.start);
  }
  const scan: ScanState = { lang: languageOf(ctx.lower.length > 600 ? ctx.lower.slice(0, 600) : ctx.lower), addressEnds, addressStarts };
  RUN.lastIndex = 0;
  for (let m = RUN.exec(text); m; m = RUN.exec(text)) {
    const runStart = m.index;
    const tokens: Array<{ word: string; start: number; end: number }> = [];
    const run = m[0];
    for (let i = 0; i < run.length; ) {
      while (i < run.length && (run[i] === ' ' || run[i] === '\t')) i++;
      const from = i;
      while (i < run.length && run[i] !== ' ' && run[i] !== '\t') i++;
      if (i > from) tokens.push({ word: run.slice(from, i), start: runStart + from, end: runStart + i });
    }
    // split the run at words that cannot be part of a name
    let group: typeof tokens = [];
    const flush = () => {
      if (group.length > 1 || (group.length === 1 && mayBeName(text, names, group[0]))) judge(ctx, names, group, scan);
      group = [];
    };
    for (const tok of tokens) {
      const w = tok.word;
      const key = (w.endsWith('.') || w.endsWith(',') ? w.slice(0, -1) : w).toLowerCase();
      if (NOT_NAME.has(key)) flush();
      else group.push(tok);
    }
    flush();
  }
  coordinated(ctx, names, before);
  if (LOWER_CUE_NEEDLES.some((n) => ctx.lower.includes(n)) && LOWER_CUE.test(text)) findLowercaseNames(ctx, names);
  if (!/\p{Lu}/u.test(text)) findLowercasePairs(ctx, names);
}

// "Anna, Bowers and Rossi": a name the gazetteer knows, listed with a person found above, is one too.
const NEXT_IN_LIST = /^(?:['’]s)?(?:,|,?[ \t]+(?:and|or|&))[ \t]+(\p{Lu}[\p{Ll}'’\-]{2,30})(?![\p{L}\d])/u;
const PREV_IN_LIST = /(?<![\p{L}\d])(\p{Lu}[\p{Ll}'’\-]{2,30})(?:,|,?[ \t]+(?:and|or|&))[ \t]+$/u;

function coordinated(ctx: PiiContext, names: NameGazetteer, from: number): void {
  const text = ctx.text;
  const ok = (w: string) => {
    const k = w.toLowerCase();
    return (names.first.has(k) || names.last.has(k)) && !NOT_A_PERSON_ALONE.has(k) && !NOT_NAME.has(k) && !PLACE_WORD.has(k) && !names.ambiguous.has(k);
  };
  const taken = (a: number, b: number) => ctx.out.some((c) => c.start < b && a < c.end);
  for (let i = from; i < ctx.out.length && i < from + 64; i++) {
    const c = ctx.out[i];
    if (c.type !== 'PERSON' || c.score < 0.6) continue;
    const next = NEXT_IN_LIST.exec(text.slice(c.end, c.end + 40));
    if (next && ok(next[1])) {
      const a = c.end + next[0].length - next[1].length;
      if (!taken(a, a + next[1].length) && !ORG_AFTER.test(text.slice(a + next[1].length, a + next[1].length + 80))) ctx.add('PERSON', a, a + next[1].length, 0.6, 26);
    }
    const prev = PREV_IN_LIST.exec(text.slice(Math.max(0, c.start - 40), c.start));
    if (prev && ok(prev[1])) {
      const a = c.start - prev[0].length;
      if (!taken(a, a + prev[1].length) && !sentenceStart(ctx, a)) ctx.add('PERSON', a, a + prev[1].length, 0.6, 26);
    }
  }
}

// A given name followed by a family name, both known and neither a common word, in a text
// typed all in lower case ("follow up with olga krylova").
const LOWER_PAIR = /(?<![\p{L}\d])(\p{Ll}{3,20})[ \t]+(?:(\p{Ll})\.?[ \t]+)?(\p{Ll}[\p{Ll}'’\-]{2,30})(?![\p{L}\d])/gu;

function findLowercasePairs(ctx: PiiContext, names: NameGazetteer): void {
  const text = ctx.text;
  const clearWord = (k: string) => !names.ambiguous.has(k) && !NOT_A_LOWER_NAME.has(k) && !NOT_NAME.has(k) && !NOT_A_PERSON_ALONE.has(k);
  // characters already inside a PERSON span (one pass, not a search per pair)
  const covered = new Uint8Array(text.length);
  for (const c of ctx.out) if (c.type === 'PERSON') covered.fill(1, c.start, c.end);
  LOWER_PAIR.lastIndex = 0;
  for (let m = LOWER_PAIR.exec(text); m; m = LOWER_PAIR.exec(text)) {
    const given = m[1];
    const family = m[3].replace(/['’]s$/, '');
    if (!names.first.has(given) || !clearWord(given) || !clearWord(family) || !(names.last.has(family) || SURNAME_ENDING.test(family))) {
      // try again from the second word: "with olga krylova" first pairs "with olga"
      LOWER_PAIR.lastIndex = m.index + given.length + 1;
      continue;
    }
    const end = m.index + m[0].length - (m[3].length - family.length);
    if (covered.subarray(m.index, end).indexOf(1) < 0) ctx.add('PERSON', m.index, end, 0.6, 26);
  }
}

// Names typed in lower case ("my name is ana lópez", "hi, i'm tom"): only after a cue that
// introduces a name, and only words the gazetteer knows (the first word after "my name is"
// / "call me" / "name:" excepted, unless it is a common word).
// substrings one of the cues holds, looked for with includes() before the pattern runs
const LOWER_CUE_NEEDLES = ['name', 'call', 'i am', "i'm", 'i’m', 'this is', "it's", 'it’s', 'signed', 'regards', 'kid', 'follow up', 'patient'];
// tested on the original text: a writer who capitalises "I am" or "This is" capitalises names too
const LOWER_CUE = /(?:\b[Mm]y name is|\b[Mm]y name's|\b[Cc]alls? me|\b[Cc]alled me|\b[Nn]ame:|\bi am|\bi'm|\bi’m|\bthis is|\bit's|\bit’s|\b[Ss]igned,?|\b[Rr]egards,?|\bmaiden name is|\bkid|\b[Ff]ollow up with|\bpatient)[ \t]+\p{Ll}/u;
const LOWER_NAME = /(?:\b(my name is|my name's|calls? me|called me|name:|maiden name is|signed,?|regards,?)|\b(?:i am|i'm|i’m|this is|it's|it’s|kid|follow up with|patient))[ \t]+(\p{Ll}[\p{Ll}'’\-]{1,30})((?:[ \t]+(?:\p{Ll}[\p{Ll}'’\-]{1,30}|\p{Ll}\.?)(?![\p{L}])){0,3})/gu;
const NOT_A_LOWER_NAME = new Set(
  ('not the a an and or but so very really just also still only never always here there now back going trying looking ready sure sorry happy glad ' +
    'fine good okay ok new from in on at to for with of by about like unable able afraid currently actually writing calling asking working ' +
    'interested worried tired done free available confused stuck hoping wondering planning using getting having being doing making taking').split(' '),
);

function findLowercaseNames(ctx: PiiContext, names: NameGazetteer): void {
  const text = ctx.text;
  const known = (k: string) => names.first.has(k) || names.last.has(k) || SURNAME_ENDING.test(k);
  const clearWord = (k: string) => !names.ambiguous.has(k) && !NOT_A_LOWER_NAME.has(k) && !NOT_NAME.has(k);
  LOWER_NAME.lastIndex = 0;
  for (let m = LOWER_NAME.exec(ctx.lower); m; m = LOWER_NAME.exec(ctx.lower)) {
    const at = m.index + m[0].length - m[3].length - m[2].length;
    if (text.slice(at, at + m[2].length) !== m[2]) continue; // written capitalised: the main pass judges it
    const explicit = m[1] !== undefined;
    const head = m[2].replace(/['’]s$/, '');
    if (!clearWord(head)) continue;
    if (explicit ? head.length < 2 : !names.first.has(head)) continue;
    let end = at + head.length;
    // following words: initials and family names the gazetteer knows
    const rest = m[3].split(/([ \t]+)/);
    let pos = at + m[2].length;
    for (let i = 1; i < rest.length; i += 2) {
      const word = rest[i + 1];
      const key = word.replace(/['’]s$/, '').replace(/\.$/, '');
      const wordStart = pos + rest[i].length;
      pos = wordStart + word.length;
      if (key.length === 1 && i + 2 < rest.length) continue; // an initial, if a name follows
      if (key.length < 2 || !clearWord(key) || !known(key)) break;
      end = wordStart + key.length;
    }
    ctx.add('PERSON', at, end, explicit ? 0.8 : 0.65, 26);
  }
}

/** Cheap screen for a lone capitalised word (most are sentence starts): known to the gazetteer, or with a cue either side. */
function mayBeName(text: string, names: NameGazetteer, tok: { word: string; start: number; end: number }): boolean {
  const key = tok.word.replace(/['’]s$|[.,:;]$/, '').toLowerCase();
  if (names.first.has(key) || names.last.has(key) || SURNAME_ENDING.test(key) || /^(?:mc|o['’])\p{Ll}{3,}$/u.test(key)) return true;
  const pw = previousWord(text, tok.start);
  if (STRONG_LAST.has(pw) || SPEECH_LAST.has(pw)) return true;
  // PERSON_AFTER_CUE: "'s wife", ", shouted", " lives at", " was born", " grew up"…
  let i = tok.end;
  if (text[i] === "'" || text[i] === '’') return true;
  if (text[i] === ',') i++;
  if (text[i] !== ' ' && text[i] !== '\t') return false;
  return 'swlcngSWLCNG'.includes(text[i + 1] ?? '.');
}

function judge(ctx: PiiContext, names: NameGazetteer, tokens: Array<{ word: string; start: number; end: number }>, scan: ScanState): void {
  const lang = scan.lang;
  let group = tokens;
  const text = ctx.text;
  const keys = group.map((t) => t.word.replace(/['’]s$/, '').replace(/[.,:;]$/, '').toLowerCase());
  const isInitial = (k: string) => k.length === 1;
  const first = (k: string) => names.first.has(k);
  const last = (k: string) => names.last.has(k) || SURNAME_ENDING.test(k) || /^(?:mc|o['’])\p{Ll}{3,}$/u.test(k) || (k.includes('-') && k.split('-').every((p) => names.last.has(p)));
  const clear = (k: string) => !names.ambiguous.has(k);
  const pw = previousWord(text, group[0].start);
  let strong = STRONG_LAST.has(pw) && ctx.near(STRONG_CUE, group[0].start, group[0].start, 28);
  // an office before a name: "President Okonjo", "Detective Rask", "producer Mashuu Samurakami"
  let titled = false;
  let end = group[group.length - 1].end;
  if (/['’]s$/.test(group[group.length - 1].word)) end -= 2;
  while (end > group[0].start && /[.,:;]/.test(text[end - 1]) && !(text[end - 1] === '.' && isInitial(keys[keys.length - 1]))) end -= 1;

  if (group.length > 1 && TITLE.has(keys[0]) && keys[0] !== 'producer' && keys[0] !== 'director') titled = true;
  else if (TITLE.has(pw) && text[group[0].start - 1] === ' ' && /\p{Ll}/u.test(text[group[0].start - pw.length - 1] ?? '')) titled = true;
  while (group.length > 1 && NOT_A_PERSON_ALONE.has(keys[0])) {
    group = group.slice(1);
    keys.shift();
  }
  if (group.length > 1 && NOT_A_PERSON_ALONE.has(keys[keys.length - 1])) {
    // "Use Python", "Ask Google": a capitalised word before a product or a title is no name
    group = group.slice(0, -1);
    keys.pop();
    end = group[group.length - 1].end;
    if (/['’]s$/.test(group[group.length - 1].word)) end -= 2;
  }
  // a capitalised word that only starts the sentence: "Yesterday Sofia Marchetti", "Let Marcus know"
  const placeFirst = PLACE_FIRST.has(keys[0]) || keys.some((k) => PLACE_PART.has(k));
  while (group.length > 1 && first(keys[1]) && sentenceStart(ctx, group[0].start) && !first(keys[0]) && !last(keys[0]) && !IS_PARTICLE.test(keys[0])) {
    group = group.slice(1);
    keys.shift();
  }
  const start = group[0].start;
  const named = keys.filter((k) => !isInitial(k) && !IS_PARTICLE.test(k));
  // a signature under a sign-off ("Best,\nAyumi Tan") or a display name before an address ("Ayumi Tan <ayumi@…>")
  if (!strong && named.length > 0 && named.length <= 4 && (signature(ctx, start, end) || /^[ \t]*<[^<>\s@]+@[^<>\s]+>/.test(text.slice(end, end + 80)))) {
    strong = named.every((k) => !NOT_A_PERSON_ALONE.has(k) && !ORG_WORD.has(k));
  }
  if (titled && !strong && named.length > 0 && named.every((k) => clear(k) && !NOT_A_PERSON_ALONE.has(k) && !CALENDAR.test(k))) strong = true;
  if (IS_PARTICLE.test(keys[0])) return;
  if (named.length === 0 || named.every((k) => NOT_A_PERSON_ALONE.has(k))) return;
  const known = named.filter((k) => first(k) || last(k));
  const knownClear = known.filter(clear);
  // what follows, read only when a rule needs it (most runs are a capitalised word starting a sentence)
  const after = () => (/[ \t,'’]/.test(text[end] ?? '') ? text.slice(end, end + 40).toLowerCase() : '');
  let score = 0;
  if (strong) score = 0.85;
  else if (named.length === 1) {
    if (NOT_A_PERSON_ALONE.has(named[0]) || named[0].length < 3) return;
    const speech = SPEECH_LAST.has(pw) && SPEECH_CUE.test(ctx.lower.slice(Math.max(0, start - 16), start)) && clear(named[0]) && !CALENDAR.test(named[0]);
    if (speech) score = 0.7;
    else if (known.length === 0) {
      if (PERSON_AFTER_CUE.test(after()) && !sentenceStartWord(named[0])) score = 0.6;
    } else if (weakCue(ctx, start) || AFTER_CUE.test(after())) score = 0.7;
    else if (knownClear.length > 0) {
      // German capitalises every noun ("Sommer", "Vater", "Meister"), and a capitalised first word of a
      // sentence in a language the common-word lists do not cover is as likely a word as a name
      const mid = !sentenceStart(ctx, start);
      if (lang === 'german') score = 0;
      else if (PREP_LAST.has(previousWord(text, start)) || mid) score = 0.6;
      else score = lang === 'english' ? 0.5 : 0;
    }
    else if (speakerLabel(ctx, start, end)) score = 0.55;
  } else {
    const firstKnown = first(named[0]);
    const lastKnown = last(named[named.length - 1]);
    const hasInitial = keys.length > named.length;
    if (firstKnown && lastKnown) score = knownClear.length > 0 ? 0.9 : 0.7;
    else if (lang === 'german' && !weakCue(ctx, start)) score = 0; // "Welche Hunderassen": two nouns
    else if (known.length > 0 && (knownClear.length > 0 || hasInitial || weakCue(ctx, start) || AFTER_CUE.test(after()))) score = 0.7;
    else if (firstKnown && !names.words.has(named[0]) && named.length === 2 && looksLikeSurname(named[1], names)) score = 0.6;
    else if (hasInitial && keys.length === 3 && isInitial(keys[1])) score = 0.6;
    else if (PERSON_AFTER_CUE.test(after())) score = 0.6;
  }
  if (score < 0.7 && named.length <= 3 && onLineBeforeAddress(text, start, end, scan.addressStarts)) score = 0.7;
  if (score === 0) return;
  if (!strong) {
    // places, streets and organisations that look like names: "Dora Creek", "St Georges", "Miller Ltd.", "University of Nicosia"
    if (PLACE_WORD.has(keys[keys.length - 1]) || placeFirst || keys.some((k) => ORG_WORD.has(k))) return;
    if (ORG_AFTER.test(text.slice(end, end + 80)) || ORG_BEFORE.test(ctx.lower.slice(Math.max(0, start - 24), start))) return;
    if (afterAddress(ctx, start, scan.addressEnds) || NEXT_PLACE.test(ctx.lower.slice(end, end + 16))) return;
    if (!(score >= 0.9) && EMPLOYER_BEFORE.test(ctx.lower.slice(Math.max(0, start - 24), start))) return;
  }
  ctx.add('PERSON', start, end, score, 26);
}

// The last word of each cue above: the cue patterns run only when the word before a name is one of these.
const STRONG_LAST = new Set(
  ('mr mrs ms miss mx dr prof sir dame herr frau mme mlle sr sra srta dott dear is named name called am i\'m i’m name\'s name’s bin heiße ' +
    "m'appelle suis llamo chiamo to signed regards sincerely me son daughter kid child wife husband brother " +
    'sister mother father mom mum dad friend boss colleague coworker co-worker neighbor neighbour boyfriend girlfriend partner fiancé fiancée ' +
    'cousin uncle aunt grandson granddaughter grandmother grandfather grandma grandpa nephew niece landlord landlady tenant manager teacher ' +
    'doctor lawyer intern assistant ceo cto cfo').split(' '),
);
const WEAK_LAST = new Set(
  ('hi hello hey hallo hola ciao bonjour salut hej hei moin servus olá oi liebe lieber querido querida caro cara cher chère thanks you cc author contact patient doctor son daughter wife husband mother father sister brother friend colleague manager ' +
    'producer singer ceo president met asked told ask tell meet call email kid child uncle aunt cousin boss neighbor neighbour partner fiancé ' +
    'fiancée boyfriend girlfriend tenant landlord customer client employee user named').split(' '),
);
// A verb of speech before a name, as prose inverts it: '"No," said Quelwyn'.
const SPEECH_CUE = /\b(?:said|says|asked|replied|answered|whispered to|shouted at|smiled at|told)[ \t]$/;
const SPEECH_LAST = new Set(['said', 'says', 'asked', 'replied', 'answered', 'to', 'at', 'told']);
// Offices that go before a name; capitalised they start the run, lower-case they are the word before it.
const TITLE = new Set(
  ('president senator governor mayor judge professor detective inspector sergeant officer rabbi reverend pastor ambassador minister ' +
    'chancellor councillor councilor congressman congresswoman producer director').split(' '),
);
const CALENDAR = /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|today|tomorrow|yesterday)$/;
// Prepositions before a name: they only help a name that is not also a word or a place ("to Paris").
const PREP_LAST = new Set('from to by with and or for about of like via'.split(' '));

/** The word before `at`, lower-cased, skipping spaces and the punctuation cues end with ("Mr. ", "Dear ", "name: "). */
function previousWord(text: string, at: number): string {
  let i = at - 1;
  for (; i >= 0 && at - i <= 4; i--) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 58 && c !== 44 && c !== 46 && c !== 63) break;
  }
  if (i >= 0 && text.charCodeAt(i) === 64) return '@';
  const end = i + 1;
  for (; i >= 0 && end - i <= 16; i--) {
    const c = text.charCodeAt(i);
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 39 || c === 0x2019 || (c > 127 && LETTER.test(text[i]));
    if (!letter) break;
  }
  return text.slice(i + 1, end).toLowerCase();
}
const LETTER = /\p{L}/u;

function weakCue(ctx: PiiContext, start: number): boolean {
  const pw = previousWord(ctx.text, start);
  return (pw === '@' || WEAK_LAST.has(pw)) && ctx.near(WEAK_CUE, start, start, 20);
}

/** An unknown capitalised word after a known given name: a family name unless it is a common word. */
function looksLikeSurname(k: string, names: NameGazetteer): boolean {
  return k.length >= 3 && !names.ambiguous.has(k) && !NOT_A_PERSON_ALONE.has(k) && !PLACE_WORD.has(k);
}

/** Words that start sentences and take "lives"/"smiled" but are not people. */
function sentenceStartWord(k: string): boolean {
  return k === 'everyone' || k === 'nobody' || k === 'somebody' || k === 'someone' || k === 'everybody' || k === 'anyone';
}

/** "Name:" at the start of a line, as in a chat transcript or a script. */
function speakerLabel(ctx: PiiContext, start: number, end: number): boolean {
  if (ctx.text[end] !== ':') return false;
  let i = start - 1;
  while (i >= 0 && (ctx.text[i] === ' ' || ctx.text[i] === '\t' || ctx.text[i] === '>')) i--;
  return i < 0 || ctx.text[i] === '\n';
}

const SIGN_OFF = /\b(?:best|cheers|thanks|thank you|many thanks|regards|kind regards|warm regards|best regards|best wishes|sincerely|yours|yours truly|warmly|love|xoxo|talk soon|see you)[ \t]*[,.!]?[ \t]*\n[ \t>]*$/;

/** A run alone on the line under a sign-off. */
function signature(ctx: PiiContext, start: number, end: number): boolean {
  const text = ctx.text;
  let j = end;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
  if (j < text.length && text[j] !== '\n' && text[j] !== '\r') return false;
  return ctx.near(SIGN_OFF, start, start, 24);
}

/** A name alone on its line, with a street address on the next: the addressee of a letter or a label. */
function onLineBeforeAddress(text: string, start: number, end: number, starts: ReadonlySet<number>): boolean {
  if (starts.size === 0) return false;
  let i = start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '>')) i--;
  if (i >= 0 && text[i] !== '\n') return false;
  // the first line of its block: a line above it would be the person, this one the company
  let k = i - 1;
  while (k >= 0 && text[k] !== '\n' && /[\s>,]/.test(text[k])) k--;
  if (k >= 0 && text[k] !== '\n' && !/[:,]/.test(text[k])) return false;
  let j = end;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === ',')) j++;
  if (text[j] !== '\n') return false;
  j++;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '>')) j++;
  return starts.has(j);
}

/** A city line right after a street address ("…Apt. 656\n Brønderslev", "…Street, Nicosia"). */
function afterAddress(ctx: PiiContext, start: number, ends: ReadonlySet<number>): boolean {
  for (let k = 0; k <= 6 && k <= start; k++) {
    if (ends.has(start - k) && /^[\s,>]*$/.test(ctx.text.slice(start - k, start))) return true;
  }
  return false;
}

function sentenceStart(ctx: PiiContext, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && (ctx.text[i] === ' ' || ctx.text[i] === '\t')) i--;
  return i < 0 || /[.!?\n"“]/.test(ctx.text[i]);
}
