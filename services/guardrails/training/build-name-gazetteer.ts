/* eslint-disable no-console */
// Builds services/guardrails/models/names-v2.json, the PERSON gazetteer, from the name
// lists that @faker-js/faker (MIT, dev dependency) ships for its 77 locales: given names,
// family names, and, to cut false positives, English common words, month and weekday
// names of every locale, and place names (a name that is also one of those only counts
// with supporting context).
// v2 (vs v1): a place makes a name ambiguous only when the whole place is that one word
// ("Paris", "Phoenix"), not when it is one word of a longer place ("Port Elizabeth" made
// "Elizabeth" ambiguous in v1); and English words that are also names ("will", "may",
// "bill", "mark", "grant") are listed by hand, as faker's word lists miss most of them.
//   node -r @swc-node/register services/guardrails/training/build-name-gazetteer.ts
// Caveat: Presidio's synthetic PII set was generated with (Python) Faker, whose name lists
// overlap these, so PERSON recall measured there is optimistic.
import { allLocales } from '@faker-js/faker';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Tree = string | readonly Tree[] | { readonly [k: string]: Tree } | undefined | null;

function collect(into: Set<string>, v: Tree): void {
  if (v === undefined || v === null) return;
  if (typeof v === 'string') {
    into.add(v);
    return;
  }
  if (Array.isArray(v)) for (const x of v) collect(into, x as Tree);
  else for (const x of Object.values(v as Record<string, Tree>)) collect(into, x);
}

// Letters of cased scripts only (Latin, Greek, Cyrillic), as capitalisation is our cue.
const NAME = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}][\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}'’-]{1,30}$/u;

function clean(values: Set<string>): string[] {
  const out = new Set<string>();
  for (const raw of values) {
    for (const part of raw.split(/\s+/)) {
      const v = part.normalize('NFC');
      if (NAME.test(v)) out.add(v.toLowerCase());
    }
  }
  return [...out].sort();
}

const first = new Set<string>();
const last = new Set<string>();
const places = new Set<string>();
const calendar = new Set<string>();
for (const locale of Object.values(allLocales)) {
  const person = (locale as { person?: Record<string, Tree> }).person;
  if (person) {
    collect(first, person.first_name);
    collect(first, person.middle_name);
    collect(last, person.last_name);
  }
  const location = (locale as { location?: Record<string, Tree> }).location;
  if (location) {
    collect(places, location.city_name);
    collect(places, location.country);
    collect(places, location.state);
    collect(places, location.continent);
  }
  const date = (locale as { date?: Record<string, Tree> }).date;
  if (date) {
    // full names only: abbreviations ("sam." for samedi) are names too often
    for (const part of ['month', 'weekday'] as const) {
      const forms = date[part] as Record<string, Tree> | undefined;
      if (forms) {
        collect(calendar, forms.wide);
        collect(calendar, forms.wide_context);
      }
    }
  }
}

// Hand-picked very common English words missing from faker's word lists.
const EXTRA_COMMON = `a about above after again all also am an and any are as at be because been before being below between both but by can
could did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is
it its itself just me more most my myself no nor not now of off on once only or other our ours out over own same she should so some such than
that the their theirs them then there these they this those through to too under until up very was we were what when where which while who whom
why will with would you your yours yourself dear hello hi thanks thank regards best yes please sir madam mr mrs ms dr prof january february march
april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday today tomorrow street
avenue road city state country company bank card number phone email address name date time day week month year new old good great`.split(/\s+/);

// English words that are also given or family names in the lists above: capitalised at
// the start of a sentence they are far more often the word than the person.
const NAME_WORDS = `will may bill mark grant page rose grace hope joy faith summer autumn winter spring april june august art guy drew chase
wade jack dean miles don ray sky penny ruby amber crystal dawn hazel iris ivy lily daisy violet jasmine holly heather olive pearl ginger
sandy rusty sunny young king long white black brown green gray grey little love walker cook baker carpenter hunter fisher miller mason
taylor turner porter carter cooper butler parker bishop knight marshall sterling golden rich frank earnest noble major minor bond case
cash gay hardy hale hill wood woods field fields lane street bush stone rock cliff glen dale brook brooks river forest lake bay
moss reed rush heath fox wolf bird hawk swan crane finch lamb bull buck hart bear drake colt jay robin wren lark sparrow price
cost bell ball best bright dear early fair free good hand hart last late lord love lowe ma may mayo moon new north south east west
norman an un van von de del della di da le la los las san santa st ste major judge justice chance constance prudence
patience mercy charity honor honour verity trinity destiny harmony melody serenity liberty star storm sky rain snow frost blaze
sage basil rosemary saffron cinnamon pepper candy sugar honey cherry berry apple peach plum lemon lime clementine olive
august augusta june julian may mae march july sunday monday tuesday wednesday thursday friday saturday ash birch elm oak pine
bill mark pat sue ken ben al eve jan gene don ted nick rob bob sol rex max dot kit
echo nova luna aurora atlas orion phoenix titan zeus apollo venus mars jupiter saturn mercury neptune pluto
dakota cheyenne sierra savannah georgia virginia carolina florida indiana montana nevada austin dallas houston denver
jordan israel chad lebanon china india kenya paris london sydney florence victoria orlando charlotte madison brooklyn
porsche ferrari bentley lexus tesla dell ford chevy jaguar harley rolex nike adidas gucci prada
content contents guest host user admin client server master chief boss captain`.split(/\s+/);

const FOREIGN_WORDS = `chi che come dove quando perché per con non sono una uno gli dame dime hola como cuando donde por para pero muy
una unos sie die der das den dem wie was wer wo wann und oder aber dann wenn ich du er wir ihr mai fasse nenne les des une qui que quoi pour avec
sur sous mais donc quand dans elle nous vous ils est sont mon ton son ses eu em um uma não sim com sem mas ou ele ela`.split(/\s+/);

const common = new Set<string>([...EXTRA_COMMON, ...NAME_WORDS]);
for (const w of clean(calendar)) common.add(w);
const english = allLocales.en as unknown as Record<string, Record<string, Tree>>;
const words = new Set<string>();
collect(words, english.word);
const extra = new Set<string>();
// everyday English nouns and adjectives faker keeps elsewhere: colours ("Blue Shield"), animals, food, goods
for (const [section, keys] of [
  ['color', ['human']],
  ['animal', ['type']],
  ['commerce', ['department', 'product_name']],
  ['food', ['fruit', 'vegetable', 'spice', 'ingredient']],
  ['hacker', ['noun', 'adjective', 'verb', 'ingverb']],
  ['vehicle', ['type']],
] as const) {
  for (const key of keys) collect(extra, english[section]?.[key]);
}
for (const w of words) for (const part of w.toLowerCase().split(/\s+/)) common.add(part);
// one-word entries only: "Tom Yum" makes no "tom" a word
for (const w of extra) if (!/\s/.test(w.trim())) common.add(w.trim().toLowerCase());
// short, frequent words of the other languages prompts come in that are also names somewhere
for (const w of FOREIGN_WORDS) common.add(w);

const firstNames = clean(first);
const lastNames = clean(last);
// a place counts only when it is one word ("Paris"), not a word of a longer name
const placeNames = new Set(clean(new Set([...places].filter((p) => !/\s/.test(p.trim())))));
const ambiguous = [...new Set([...firstNames, ...lastNames])].filter((n) => common.has(n) || placeNames.has(n)).sort();

// the ambiguous names that are words, not only places: a given name that is a word ("Blue") does not make the
// unknown word after it a family name, one that is a place ("Bryan") does
const wordNames = ambiguous.filter((n) => common.has(n));
const body = { first: firstNames, last: lastNames, ambiguous, words: wordNames };
const file = {
  format: 'ironcage-names/1',
  version: '2.0.0',
  source: '@faker-js/faker 10.x locale data (MIT): person.first_name, middle_name, last_name; ambiguity from word.*, date.*, one-word location.* entries and a hand list of English words that are names',
  sha256: createHash('sha256').update(JSON.stringify(body)).digest('hex'),
  ...body,
};
const out = join(__dirname, '..', 'models', 'names-v2.json');
writeFileSync(out, JSON.stringify(file) + '\n');
console.log(`wrote ${out}: ${firstNames.length} given names, ${lastNames.length} family names, ${ambiguous.length} ambiguous (${wordNames.length} of them words)`);
