/* eslint-disable no-console */
// Builds services/guardrails/models/names-v1.json, the PERSON gazetteer, from the name
// lists that @faker-js/faker (MIT, dev dependency) ships for its 77 locales: given names,
// family names, and, to cut false positives, English common words and place names (a
// name that is also one of those only counts with supporting context).
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

const common = new Set<string>(EXTRA_COMMON);
const english = allLocales.en as unknown as { word: Record<string, string[]> };
for (const list of Object.values(english.word)) for (const w of list) common.add(w.toLowerCase());

const firstNames = clean(first);
const lastNames = clean(last);
const placeNames = clean(places);
const ambiguous = [...new Set([...firstNames, ...lastNames])].filter((n) => common.has(n) || placeNames.includes(n)).sort();

const body = { first: firstNames, last: lastNames, ambiguous };
const file = {
  format: 'ironcage-names/1',
  version: '1.0.0',
  source: '@faker-js/faker 10.x locale data (MIT): person.first_name, middle_name, last_name; ambiguity from word.* and location.*',
  sha256: createHash('sha256').update(JSON.stringify(body)).digest('hex'),
  ...body,
};
const out = join(__dirname, '..', 'models', 'names-v1.json');
writeFileSync(out, JSON.stringify(file) + '\n');
console.log(`wrote ${out}: ${firstNames.length} given names, ${lastNames.length} family names, ${ambiguous.length} ambiguous`);
