import { PiiContext } from '../pii-context';

// Street addresses in English and the common European forms: "123 Main Street",
// "Via Roma 131", "Feldstrasse 42", "ul. Słowicza 10", plus unit lines ("Apt. 5"), P.O.
// boxes and the postcode that closes an address block. Heuristic: no gazetteer of streets.

const SUFFIXES =
  'street|st|avenue|ave|av|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|square|sq|terrace|ter|parkway|pkwy|highway|hwy|' +
  'circle|cir|crescent|cres|close|grove|gardens|gdns|park|row|walk|trail|trl|turnpike|tpke|pike|route|rte|alley|aly|plaza|plz|point|pt|' +
  'ridge|path|loop|mews|hill|heights|hts|crossing|xing|expressway|expy|freeway|fwy|junction|jct|landing|manor|meadows|' +
  'mill|mills|ranch|ville|estate|estates|gateway|harbor|harbour|' +
  'knoll|oval|pines|plains|prairie|wharf|str';
const PREFIX_TYPES =
  'via|viale|piazza|piazzale|corso|largo|vicolo|rue|avenue|boulevard|bd|chemin|allée|impasse|quai|place|route|calle|avenida|av\\.|avda\\.?|paseo|plaza|camino|' +
  'carrer|rua|rúa|travessa|praça|largo|estrada|ul\\.|ulica|al\\.|aleja|os\\.|pl\\.|strada|calea|bulevardul|λ\\.|οδός|οδ\\.|leoforos|ulitsa|prospekt|' +
  'c/|cl\\.|the corner of';
const NAME = "[\\p{Lu}\\d][\\p{L}'’.\\-]{0,24}";

/** Alternation of lower-case, Capitalised and UPPER forms (the name classes must stay case-sensitive). */
function cased(alternatives: string): string {
  const out: string[] = [];
  for (const w of alternatives.split('|')) {
    const cap = w.replace(/^(\\\\.|[^\\\\])/, (c) => c.toUpperCase());
    out.push(w, cap, w.toUpperCase());
  }
  return [...new Set(out)].join('|');
}
const NAME_WORDS = `(?:${NAME}[ \\t]){0,3}${NAME}`;
// Romance and Germanic particles inside a street name: "Via dei Fiorentini", "Rua Vinte e Cinco de Setembro"
const PARTICLES = "(?:de|dei|del|della|delle|degli|di|da|das|do|dos|du|des|la|le|las|los|e|y|van|von|der|den|het|l'|d')";
const NAME_WORDS_P = `(?:(?:${NAME}|${PARTICLES})[ \\t]){0,4}${NAME}`;
// A second number before the house number ("Flat 3 24 …", "3369 24 Clarke Avenue").
const LEAD = '(?:\\d{1,6}[ \\t])?';
const GERMANIC =
  "[\\p{Lu}][\\p{L}'’\\-]{1,30}(?:straße|strasse|str\\.|weg|gasse|platz|allee|damm|ufer|chaussee|katu|kuja|polku|gatan|vägen|väg|gränd|" +
  'vej|gade|vænget|veien|vegen|gata|gate|laan|straat|plein|gracht|kade|singel|utca|út|tér|körút|cesta|ulice|náměstí|gässli|strooss)';

// A house number, a range or a flat within it: "12", "12a", "263-267", "10/12".
const HOUSE = '\\d{1,5}(?:[/-]\\d{1,5})?[A-Za-z]?';
const NUMBER_FIRST = new RegExp(`(?<![\\p{L}\\d])${LEAD}\\d{1,6}[A-Za-z]?[ \\t]${NAME_WORDS}[ \\t](?:${cased(SUFFIXES)})\\.?(?![\\p{L}\\d])`, 'gu');
const TYPE_FIRST = new RegExp(`(?<![\\p{L}\\d])(?:\\d{1,6}[ \\t]){0,2}(?:${cased(PREFIX_TYPES)})[ \\t]${NAME_WORDS_P}[ \\t]${HOUSE}\\.?(?![\\p{L}\\d])`, 'gu');
// German streets written as two words: "Berliner Straße 12", "Am Alten Weg 3".
const GERMAN_SPLIT = new RegExp(`(?<![\\p{L}\\d])(?:${NAME}[ \\t]){1,3}(?:Straße|Strasse|Str\\.|Weg|Gasse|Platz|Allee|Damm|Ufer|Chaussee|Ring)[ \\t]${HOUSE}(?![\\p{L}\\d])`, 'gu');
// Hungarian and Czech forms: "Kálmán Imre u. 12.", "Dobrovského 1394" handled above
const HUNGARIAN = new RegExp(`(?<![\\p{L}\\d])(?:\\d{1,6}[ \\t])?${NAME_WORDS}[ \\t](?:u\\.|utca|út|tér|krt\\.|körút|köz|sor|kapu)[ \\t]\\d{1,5}\\.?(?![\\p{L}\\d])`, 'gu');
// "36 rue de la Paix", "12 avenue Victor Hugo", "5 place du Marché"
const FRENCH = new RegExp(`(?<![\\p{L}\\d])${LEAD}\\d{1,5}(?:[ \\t]?(?:bis|ter))?,?[ \\t](?:${cased('rue|avenue|av\\.|boulevard|bd|chemin|allée|impasse|quai|place|route|cours|passage')})[ \\t](?:(?:de|du|des|la|le|d'|l')[ \\t]?){0,2}(?:\\p{Ll}{3,20}[ \\t])?${NAME}(?:[ \\t]${NAME}){0,2}(?![\\p{L}\\d])`, 'gu');
const NAME_SUFFIX = new RegExp(`(?<![\\p{L}\\d])(?:\\d{1,6}[ \\t])?(?:${NAME}[ \\t]){0,2}${GERMANIC}[ \\t]${HOUSE}\\.?(?![\\p{L}\\d])`, 'gu');
// "20789 Allika 46" followed by a unit or a line break: a house number, a name, a number.
const ALPHA_NAME = "[\\p{Lu}][\\p{L}'’.\\-]{0,24}";
const NUMBER_NAME_NUMBER = new RegExp(`(?<![\\p{L}\\d])\\d{2,6}[ \\t](?:${ALPHA_NAME}[ \\t]){0,2}${ALPHA_NAME}[ \\t]\\d{1,5}[A-Za-z]?\\.?(?=[ \\t]*(?:\\n|,|$|[Aa]pt|[Ss]uite|[Uu]nit))`, 'gu');
// Without a house number, after a preposition: "on Elm Street", "at Baker Street" (full street types only).
const STREET_TYPES_FULL = 'Street|Avenue|Road|Boulevard|Lane|Drive|Court|Terrace|Crescent|Parkway|Highway|Place|Square|Straße|Strasse|Allee';
const STREET_TYPE_GATE = new RegExp(`(?:${STREET_TYPES_FULL})(?![\\p{L}\\d])`, 'u');
const NAMED_STREET = new RegExp(`(?<=(?:^|[^\\p{L}])(?:on|at|off|along|near|in|of|from)[ \\t])(?:\\p{Lu}[\\p{L}'’.\\-]{1,24}[ \\t]){1,3}(?:${STREET_TYPES_FULL})(?![\\p{L}\\d])`, 'gu');
// A street written after "lives on", "address is", "ship to": "lives on Grössgstötten 50".
const CUED = new RegExp(
  `(?<=(?:[Ll]ive[sd]?|[Ll]iving|[Ll]ocated|[Ss]tay(?:s|ing)?) (?:at|on|in)[ \\t](?:the [a-z]+ (?:side|end) of[ \\t])?)${NAME_WORDS_P}[ \\t]\\d{1,5}[A-Za-z]?(?![\\p{L}\\d])`,
  'gu',
);
// Typed all in lower case: "3911 fourth avenue", "12 baker st".
const LOWER_NUMBER_FIRST = /(?<![\p{L}\d])(?:\d{1,6}[ \t])?\d{1,6}[ \t]((?:[\p{Ll}\d][\p{Ll}'’.\-]{1,24}[ \t]){1,3})(?:street|avenue|road|boulevard|drive|lane|way|court|place|close|crescent|terrace|parkway|highway|st|ave|rd|blvd)\.?(?![\p{L}\d])/gu;
const NOT_A_STREET_WORD = new Set(
  ('the a an my your his her our their this that these those of on in to down up across along off per from by at for and or way one two ' +
    'miles mile km blocks block minutes hours days weeks years more less times lanes cars people steps feet yards meters metres').split(' '),
);
const UNIT = /(?<![\p{L}\d])(?:apt\.?|apartment|suite|ste\.|unit|flat)[ \t]?#?\d{1,5}[A-Za-z]?(?![\p{L}\d])/giu;
// "7/22 George St": a unit number, a slash and the street's number
const UNIT_SLASH = /^\/(?=\d)/;
const PO_BOX = /(?<![\p{L}\d])(?:\d{1,6}[ \t])?(?:p\.?[ \t]?o\.?[ \t]?box|postfach|boîte postale|apartado)[ \t]\d{1,6}(?![\p{L}\d])/giu;
const MILITARY = /(?<![\p{L}\d])(?:PSC|Unit|USNS|USNV|USS|USCGC)[ \t][\p{L}\d]{1,20}(?:[ \t,]+(?:Box[ \t]\d{1,5}))?[ \t]*\n?[ \t]*(?:APO|FPO|DPO)[ \t](?:AA|AE|AP)[ \t]\d{5}(?![\p{L}\d])/gu;
const POSTCODE_LINE = /^[>?]*[\p{L} \t,.()'’-]{0,48}?[ \t,]?(\d{4,5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?[ \t]\d[A-Z]{2}|[A-Z]\d[A-Z][ \t]\d[A-Z]\d)[ \t]*$/u;
// What closes an address on the same line or the next: a unit, then "City, ST 12345",
// "City ST 12345-6789", "London SW1A 1AA", "Toronto, ON M5V 2T6" or "10115 Berlin".
const UNIT_TAIL = '(?:,?[ \\t]*(?:[Aa]pt\\.?|[Aa]partment|[Ss]uite|[Ss]te\\.?|[Uu]nit|[Ff]lat|#)[ \\t]?#?\\d{1,5}[A-Za-z]?)?';
const CITY = "\\p{Lu}[\\p{L}'’.\\-]{1,24}(?:[ \\t](?:\\p{Lu}[\\p{L}'’.\\-]{1,24}|de|do|da|del|am|an|upon|on|sur|en)){0,3}";
const POSTCODE = '(?:\\d{5}(?:-\\d{4})?|[A-Z]{1,2}\\d[A-Z\\d]?[ \\t]\\d[A-Z]{2}|[A-Z]\\d[A-Z][ \\t]\\d[A-Z]\\d)';
const TAIL = new RegExp(
  `^${UNIT_TAIL}(?:(?:,[ \\t]*|[ \\t]*\\n[ \\t>]*)(?:${CITY},?[ \\t]+(?:[A-Z]{2}[ \\t]+)?${POSTCODE}|(?:\\d{4,5}|\\d{2}-\\d{3}|\\d{4}-\\d{3}|\\d{3}[ \\t]\\d{2}|\\d{4}[ \\t]?[A-Z]{2})[ \\t]+${CITY})(?![\\p{L}\\d]))?`,
  'u',
);
// The rest of an address block, line by line: a unit, a city, a region, a country, a postcode
// ("Suite 445", "KRISTIANSUND N", ", CO", "Portugal 44674", "Cyprus (Greek) 25572"). No labels
// ("Mobile:"), no sentences: capitalised or upper-case words, codes and numbers only.
const NOT_A_PLACE = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|The|This|That|Then|Thanks|Please|And|But|Or|If|It|We|You|He|She|They|My|Our|Your|Call|Phone|Tel|Email|Mobile)(?![\\p{L}])';
const PLACE_TOKEN = `(?:(?!${NOT_A_PLACE})\\p{Lu}[\\p{L}'’.\\-]+|\\(\\p{Lu}[\\p{L}'’.\\-]*\\)|\\d{1,6}(?:-\\d{3,4})?|[A-Z]\\d[A-Z]|\\d[A-Z]{2}|nan|de|do|da|del|du|am|an|upon|on|sur|en|la|le)`;
// where an address line may stop: its end, or prose going on ("… Portugal 44674 for post mail?")
const LINE_STOP = '(?=[ \\t]*(?:\\n|$)|[ \\t]+\\p{Ll}|[.;!?])';
const ADDRESS_LINE = new RegExp(
  `^[ \\t>?]*(?:${UNIT_TAIL.replace('(?:,?[ \\t]*', '(?:')}|,?[ \\t]*${PLACE_TOKEN}(?:,?[ \\t]+${PLACE_TOKEN}|,[ \\t]*${PLACE_TOKEN}){0,5}),?${LINE_STOP}`,
  'u',
);
// The same line after the street: ", Tallinn, Estonia", " Suite 503 Armenomonastiro Cyprus".
const LINE_REST = new RegExp(`^(?:,?[ \\t]*${PLACE_TOKEN}){1,6}${LINE_STOP}`, 'u');
// "the corner of Oak Street and Elm Avenue": the second street joins the first.
const CORNER_SECOND = new RegExp(`^[ \\t]+(?:and|&)[ \\t]+(?:\\d{1,5}[ \\t])?(?:${NAME}[ \\t]){1,3}(?:${cased(SUFFIXES)})\\.?(?![\\p{L}\\d])`, 'u');
// Cheap gates: the costly patterns run only when their key words occur at all.
const TYPE_FIRST_GATE = new RegExp(`(?<![\\p{L}\\d])(?:${cased(PREFIX_TYPES)})[ \\t]`, 'u');
// Both gates look only at the word before each "word 12" (found by WORD_NUMBER): cheap on prose.
const WORD_NUMBER = /[\p{L}.][ \t]\d/gu;
const GERMANIC_END = /(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|chaussee|katu|kuja|polku|gatan|vägen|väg|gränd|vej|gade|vænget|veien|vegen|gata|gate|laan|straat|plein|gracht|kade|singel|utca|út|tér|körút|cesta|ulice|náměstí|gässli|strooss|ring)$/u;
const HUNGARIAN_END = /[ \t](?:u\.|utca|út|tér|krt\.|körút|köz|sor|kapu)$/u;
const CUED_GATE = /(?:live[sd]?|living|located|stay(?:s|ing)?) (?:at|on|in) /;

/** Which word-before-a-number forms occur: Germanic compound streets, Hungarian ones. */
function numberedWordForms(lower: string): { germanic: boolean; hungarian: boolean } {
  let germanic = false;
  let hungarian = false;
  WORD_NUMBER.lastIndex = 0;
  for (let m = WORD_NUMBER.exec(lower); m && !(germanic && hungarian); m = WORD_NUMBER.exec(lower)) {
    const before = lower.slice(Math.max(0, m.index - 12), m.index + 1);
    germanic ||= GERMANIC_END.test(before);
    hungarian ||= HUNGARIAN_END.test(before);
  }
  return { germanic, hungarian };
}
const ADDRESS_CONTEXT = /(?:address|adresse|dirección|indirizzo|endereço|live[sd]? (?:at|on|in)|located (?:at|on)|ship(?:ped)? to|deliver(?:ed)? to|send (?:it|this|them|the [a-z]+) to|mail(?:ed)? (?:it )?to|post(?:ed)? (?:it )?to|billing|mailing|residence|wohnhaft|street|corner of)/;

export function findStreetAddresses(ctx: PiiContext): void {
  const text = ctx.text;
  if (STREET_TYPE_GATE.test(text)) {
    NAMED_STREET.lastIndex = 0;
    for (let m = NAMED_STREET.exec(text); m; m = NAMED_STREET.exec(text)) {
      let end = m.index + m[0].length;
      const second = /corner of[ \t]+$/i.test(text.slice(Math.max(0, m.index - 16), m.index)) ? CORNER_SECOND.exec(text.slice(end, end + 100)) : null;
      if (second) end += second[0].length - (/[\p{L}]{4,}\.$/u.test(second[0]) ? 1 : 0);
      ctx.add('STREET_ADDRESS', m.index, end, 0.6, 32);
    }
  }
  if (!/\d/.test(text)) return;
  const blocks: Array<[number, number]> = [];
  const add = (start: number, end: number, score: number) => {
    ctx.add('STREET_ADDRESS', start, end, score, 32);
    blocks.push([start, end]);
  };
  const patterns: Array<[RegExp, number]> = [[NUMBER_FIRST, 0.85], [FRENCH, 0.85], [NUMBER_NAME_NUMBER, 0.6]];
  if (TYPE_FIRST_GATE.test(text)) patterns.push([TYPE_FIRST, 0.85]);
  const forms = numberedWordForms(ctx.lower);
  if (forms.germanic) patterns.push([NAME_SUFFIX, 0.85], [GERMAN_SPLIT, 0.85]);
  if (forms.hungarian) patterns.push([HUNGARIAN, 0.85]);
  for (const [re, score] of patterns) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) add(m.index, m.index + m[0].length, score);
  }
  if (/\d[ \t]\p{Ll}/u.test(text)) {
    LOWER_NUMBER_FIRST.lastIndex = 0;
    for (let m = LOWER_NUMBER_FIRST.exec(text); m; m = LOWER_NUMBER_FIRST.exec(text)) {
      if (m[1].trim().split(/[ \t]+/).some((w) => NOT_A_STREET_WORD.has(w))) continue;
      add(m.index, m.index + m[0].length, 0.6);
    }
  }
  const hasContext = ADDRESS_CONTEXT.test(ctx.lower);
  if (hasContext && CUED_GATE.test(ctx.lower)) {
    CUED.lastIndex = 0;
    for (let m = CUED.exec(text); m; m = CUED.exec(text)) add(m.index, m.index + m[0].length, 0.7);
  }
  const streets = blocks.length;
  for (const re of [UNIT, PO_BOX]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) add(m.index, m.index + m[0].length, hasContext || blocks.length > 0 ? 0.8 : 0.45);
  }
  MILITARY.lastIndex = 0;
  for (let m = MILITARY.exec(text); m; m = MILITARY.exec(text)) add(m.index, m.index + m[0].length, 0.9);
  // a street (or a P.O. box), its unit and its "City, ST 12345" line as one span
  const ends: number[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const [start, end] = blocks[i];
    const tail = TAIL.exec(text.slice(end, end + 100));
    const tailed = tail !== null && tail[0].length > 0;
    if (i >= streets && !(tailed && /^(?:\d{1,6}[ \t])?p|^postfach|^boîte|^apartado/i.test(text.slice(start, end)))) {
      ends.push(end);
      continue; // a unit alone is no street
    }
    let stop = end + (tailed ? tail[0].length - (tail[0].endsWith('.') ? 1 : 0) : 0);
    if (!tailed && /corner of[ \t]+(?:the[ \t]+)?$/i.test(text.slice(Math.max(0, start - 20), start))) {
      const second = CORNER_SECOND.exec(text.slice(end, end + 100));
      if (second) stop = end + second[0].length - (/[\p{L}]{4,}\.$/u.test(second[0]) ? 1 : 0);
    }
    stop = blockEnd(text, stop);
    ends.push(stop);
    if (stop > end) ctx.add('STREET_ADDRESS', start, stop, 0.85, 32);
  }
  // "Apartment 5B, 350 Fifth Avenue…", "Unit 7/22 George St…": the unit joins the street after it
  for (let i = streets; i < blocks.length; i++) {
    const [start, end] = blocks[i];
    const gap = text.slice(end, end + 3);
    const join = UNIT_SLASH.test(gap) ? 1 : /^,?[ \t]/.exec(gap)?.[0].length ?? -1;
    if (join < 0) continue;
    for (let j = 0; j < streets; j++) {
      if (blocks[j][0] === end + join || (join === 1 && gap[0] === '/' && blocks[j][0] <= end + 1 && blocks[j][1] > end + 1)) {
        ctx.add('STREET_ADDRESS', start, Math.max(ends[j], blocks[j][1]), 0.85, 32);
        break;
      }
    }
  }
  // the postcode that ends an address block: alone on a line, or after a city/state/country
  const found = blocks.length;
  for (let i = 0; i < found; i++) {
    const end = blocks[i][1];
    const window = text.slice(end, end + 120);
    let offset = 0;
    let blank = 0;
    for (const line of window.split('\n')) {
      if (offset > 0 && /^[\s>?]*$/.test(line)) {
        if (++blank > 1) break; // two empty lines end the block
        offset += line.length + 1;
        continue;
      }
      const m = POSTCODE_LINE.exec(line);
      if (m && offset > 0) {
        const at = end + offset + m.index + m[0].length - m[1].length - (m[0].length - m[0].trimEnd().length);
        ctx.add('STREET_ADDRESS', at, at + m[1].length, 0.6, 32);
        break;
      }
      offset += line.length + 1;
    }
  }
}

/** Where an address block that reaches `from` ends: the rest of its line, then following lines that read as address lines. */
function blockEnd(text: string, from: number): number {
  let end = from;
  const rest = LINE_REST.exec(text.slice(end, end + 100));
  if (rest) end += rest[0].replace(/[\s.]+$/, '').length;
  if (!/^[ \t]*(?:\n|$)/.test(text.slice(end, end + 40))) return end;
  for (let lines = 0; lines < 4; lines++) {
    const nl = text.indexOf('\n', end);
    if (nl < 0) break;
    const next = text.indexOf('\n', nl + 1);
    const line = text.slice(nl + 1, next < 0 ? text.length : next);
    const m = ADDRESS_LINE.exec(line);
    // a line needs a word, or is a lone postcode; never a run of numbers (a phone number)
    if (!m || (m[0].match(/\d+(?:-\d+)?/g)?.length ?? 0) > 1 || !(/\p{L}/u.test(m[0]) || /^\W*\d{4,6}(?:-\d{4})?\W*$/.test(m[0]))) break;
    const kept = m[0].replace(/[\s.]+$/, '');
    end = nl + 1 + kept.length;
    if (kept.length < line.replace(/[\s.]+$/, '').length) break; // prose follows on this line
  }
  return end;
}
