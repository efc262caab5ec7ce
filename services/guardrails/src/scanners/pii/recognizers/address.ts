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
  'the corner of';
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
const GERMANIC =
  "[\\p{Lu}][\\p{L}'’\\-]{1,30}(?:straße|strasse|str\\.|weg|gasse|platz|allee|damm|ufer|chaussee|katu|kuja|polku|gatan|vägen|väg|gränd|" +
  'vej|gade|vænget|veien|vegen|gata|gate|laan|straat|plein|gracht|kade|singel|utca|út|tér|körút|cesta|ulice|náměstí|gässli|strooss)';

const NUMBER_FIRST = new RegExp(`(?<![\\p{L}\\d])\\d{1,6}[A-Za-z]?[ \\t]${NAME_WORDS}[ \\t](?:${cased(SUFFIXES)})\\.?(?![\\p{L}\\d])`, 'gu');
const TYPE_FIRST = new RegExp(`(?<![\\p{L}\\d])(?:\\d{1,6}[ \\t])?(?:${cased(PREFIX_TYPES)})[ \\t]${NAME_WORDS}[ \\t]\\d{1,5}[A-Za-z]?\\.?(?![\\p{L}\\d])`, 'gu');
// Hungarian and Czech forms: "Kálmán Imre u. 12.", "Dobrovského 1394" handled above
const HUNGARIAN = new RegExp(`(?<![\\p{L}\\d])(?:\\d{1,6}[ \\t])?${NAME_WORDS}[ \\t](?:u\\.|utca|út|tér|krt\\.|körút|köz|sor|kapu)[ \\t]\\d{1,5}\\.?(?![\\p{L}\\d])`, 'gu');
// "36 rue de la Paix", "12 avenue Victor Hugo", "5 place du Marché"
const FRENCH = new RegExp(`(?<![\\p{L}\\d])\\d{1,5}(?:[ \\t]?(?:bis|ter))?,?[ \\t](?:${cased('rue|avenue|av\\.|boulevard|bd|chemin|allée|impasse|quai|place|route|cours|passage')})[ \\t](?:(?:de|du|des|la|le|d'|l')[ \\t]?){0,2}(?:${NAME}(?:[ \\t]|$)){1,3}`, 'gu');
const NAME_SUFFIX = new RegExp(`(?<![\\p{L}\\d])(?:\\d{1,6}[ \\t])?(?:${NAME}[ \\t]){0,2}${GERMANIC}[ \\t]\\d{1,5}[A-Za-z]?\\.?(?![\\p{L}\\d])`, 'gu');
// "20789 Allika 46" followed by a unit or a line break: a house number, a name, a number.
const ALPHA_NAME = "[\\p{Lu}][\\p{L}'’.\\-]{0,24}";
const NUMBER_NAME_NUMBER = new RegExp(`(?<![\\p{L}\\d])\\d{2,6}[ \\t](?:${ALPHA_NAME}[ \\t]){0,2}${ALPHA_NAME}[ \\t]\\d{1,5}[A-Za-z]?\\.?(?=[ \\t]*(?:\\n|,|$|[Aa]pt|[Ss]uite|[Uu]nit))`, 'gu');
const UNIT = /(?<![\p{L}\d])(?:apt\.?|apartment|suite|ste\.|unit|flat)[ \t]?#?\d{1,5}[A-Za-z]?(?![\p{L}\d])/giu;
const PO_BOX = /(?<![\p{L}\d])(?:p\.?[ \t]?o\.?[ \t]?box|postfach|boîte postale|apartado)[ \t]\d{1,6}(?![\p{L}\d])/giu;
const MILITARY = /(?<![\p{L}\d])(?:PSC|Unit|USNS|USNV|USS|USCGC)[ \t][\p{L}\d]{1,20}(?:[ \t,]+(?:Box[ \t]\d{1,5}))?[ \t]*\n?[ \t]*(?:APO|FPO|DPO)[ \t](?:AA|AE|AP)[ \t]\d{5}(?![\p{L}\d])/gu;
const POSTCODE_LINE = /^[\p{L} \t,.()'’-]{0,48}?[ \t,]?(\d{4,5}(?:-\d{4})?)[ \t]*$/u;
const ADDRESS_CONTEXT = /(?:address|adresse|dirección|indirizzo|endereço|live[sd]? (?:at|on|in)|located (?:at|on)|ship(?:ped)? to|deliver(?:ed)? to|billing|mailing|residence|wohnhaft|street|corner of)/;

export function findStreetAddresses(ctx: PiiContext): void {
  const text = ctx.text;
  if (!/\d/.test(text)) return;
  const blocks: Array<[number, number]> = [];
  const add = (start: number, end: number, score: number) => {
    ctx.add('STREET_ADDRESS', start, end, score, 32);
    blocks.push([start, end]);
  };
  for (const re of [NUMBER_FIRST, TYPE_FIRST, NAME_SUFFIX, HUNGARIAN, FRENCH]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) add(m.index, m.index + m[0].length, 0.85);
  }
  NUMBER_NAME_NUMBER.lastIndex = 0;
  for (let m = NUMBER_NAME_NUMBER.exec(text); m; m = NUMBER_NAME_NUMBER.exec(text)) add(m.index, m.index + m[0].length, 0.6);
  const hasContext = ADDRESS_CONTEXT.test(ctx.lower);
  for (const re of [UNIT, PO_BOX]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) add(m.index, m.index + m[0].length, hasContext || blocks.length > 0 ? 0.8 : 0.45);
  }
  MILITARY.lastIndex = 0;
  for (let m = MILITARY.exec(text); m; m = MILITARY.exec(text)) add(m.index, m.index + m[0].length, 0.9);
  // the postcode that ends an address block: alone on a line, or after a city/state/country
  const found = blocks.length;
  for (let i = 0; i < found; i++) {
    const end = blocks[i][1];
    const tail = text.slice(end, end + 90);
    const lastBreak = tail.search(/\n[ \t]*\n/);
    const window = lastBreak >= 0 ? tail.slice(0, lastBreak) : tail;
    let offset = 0;
    for (const line of window.split('\n')) {
      const m = POSTCODE_LINE.exec(line);
      if (m && offset > 0) {
        const at = end + offset + m.index + m[0].length - m[1].length;
        ctx.add('STREET_ADDRESS', at, at + m[1].length, 0.6, 32);
        break;
      }
      offset += line.length + 1;
    }
  }
}
