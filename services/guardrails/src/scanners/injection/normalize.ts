// Text normalisation for the injection classifier. Attackers dodge n-gram models with
// look-alike letters, zero-width characters, leetspeak and base64; folding those back
// makes "ɪɢɴᴏʀᴇ", "ign\u200Bore" and "1gn0re" all look like "ignore" to the features.

const ZERO_WIDTH = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;

// Small capitals, Cyrillic and Greek look-alikes (Unicode confusables, Latin targets).
const CONFUSABLES: Record<string, string> = {
  ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ꜰ: 'f', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm',
  ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z',
  а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ɡ: 'g', ɩ: 'i', ο: 'o', α: 'a', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ρ: 'p',
  τ: 't', υ: 'u', χ: 'x',
};
const CONFUSABLE_CLASS = new RegExp(`[${Object.keys(CONFUSABLES).join('')}]`, 'g');

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

// A word that may mix letters with leet digits/symbols, e.g. "1gn0r3" or "pr0mpt": a run of
// [\p{L}0-9@$] (foldWords scans for them by hand).
const HAS_LEET = /[013457@$]/;
const ASCII_LETTER = /[a-z]/;
const HAS_LETTER = /\p{L}/u;
const NON_ASCII = /[^\x00-\x7F]/;

// Runs long enough to carry an instruction: 24 to 4,096 base64 characters and up to two "="
// (base64Runs finds them in one pass).
const MAX_DECODED_SEGMENTS = 4;

function foldWord(word: string): string {
  let w = word;
  if (!HAS_LETTER.test(w)) return w;
  if (NON_ASCII.test(w) && ASCII_LETTER.test(w)) {
    w = w.replace(CONFUSABLE_CLASS, (c) => CONFUSABLES[c] ?? c);
  } else if (NON_ASCII.test(w)) {
    // a word made only of small capitals is an ASCII word in disguise
    const folded = w.replace(CONFUSABLE_CLASS, (c) => CONFUSABLES[c] ?? c);
    if (!NON_ASCII.test(folded)) w = folded;
  }
  if (HAS_LEET.test(w) && ASCII_LETTER.test(w) && w.length >= 3) {
    let letters = 0;
    for (let i = 0; i < w.length; i++) if (w.charCodeAt(i) >= 97 && w.charCodeAt(i) <= 122) letters++;
    // only fold when letters dominate: keeps "covid19" or "b2b" but folds "1gn0r3"
    if (letters * 2 >= w.length) w = w.replace(/[013457@$]/g, (c) => LEET[c] ?? c);
  }
  return w;
}

function isBase64Code(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
}

/**
 * The runs BASE64_RUN would match, found in one linear pass: a maximal run of base64
 * characters yields chunks of up to 4,096 (the regex's bound), each of at least 24, and the
 * last one takes up to two "=" after it. Trying the regex at every position cost as much
 * as the rest of the normaliser together on ordinary prose.
 */
function base64Runs(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isBase64Code(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isBase64Code(text.charCodeAt(i))) i++;
    for (let from = start; from + 24 <= i; from += 4096) {
      const to = Math.min(from + 4096, i);
      let end = to;
      if (to === i) while (end < n && end - to < 2 && text.charCodeAt(end) === 61) end++;
      out.push(text.slice(from, end));
    }
  }
  return out;
}

function decodeBase64Segments(text: string): string {
  let extra = '';
  let count = 0;
  for (const run of base64Runs(text)) {
    if (count >= MAX_DECODED_SEGMENTS) break;
    // base64 of prose mixes cases and digits; a long lowercase word is not base64
    if (!/[A-Z]/.test(run) || !/[a-z]/.test(run)) continue;
    const decoded = Buffer.from(run, 'base64').toString('utf8');
    let printable = 0;
    for (let i = 0; i < decoded.length; i++) {
      const c = decoded.charCodeAt(i);
      if ((c >= 32 && c < 127) || c === 10) printable++;
    }
    if (decoded.length >= 12 && printable / decoded.length > 0.95 && /\s/.test(decoded)) {
      extra += ' ' + decoded;
      count++;
    }
  }
  return extra;
}

/**
 * `text.replace(LEET_WORD, foldWord)` without calling back for every word: foldWord leaves
 * a word alone unless it has a non-ASCII character or a leet character (0 1 3 4 5 7 @ $),
 * so only words with one of those are cut out and folded. Same output, a fraction of the cost.
 */
function foldWords(text: string): string {
  let out = '';
  let last = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!isLeetWordCode(text, i, c)) {
      i += codeUnits(text, i, c);
      continue;
    }
    const start = i;
    let special = false;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (!isLeetWordCode(text, i, d)) break;
      if (d >= 128 || d === 48 || d === 49 || d === 51 || d === 52 || d === 53 || d === 55 || d === 64 || d === 36) special = true;
      i += codeUnits(text, i, d);
    }
    if (special) {
      const word = text.slice(start, i);
      const folded = foldWord(word);
      if (folded !== word) {
        out += text.slice(last, start) + folded;
        last = i;
      }
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

const LETTER = /\p{L}/u;

/** 2 for a surrogate pair starting at i, else 1. */
function codeUnits(text: string, i: number, c: number): number {
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return 1;
  const next = text.charCodeAt(i + 1);
  return next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
}

/** Whether the code point at i belongs to LEET_WORD's class [\p{L}0-9@$]. */
function isLeetWordCode(text: string, i: number, c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 64 || c === 36;
  if (c >= 0xd800 && c <= 0xdbff) return LETTER.test(String.fromCodePoint(text.codePointAt(i)!));
  if (c >= 0xdc00 && c <= 0xdfff) return false;
  return LETTER.test(String.fromCharCode(c));
}

// Normaliser 2 (model format 3 and later): encodings a prompt can be hidden in and a
// model still reads — HTML character references, \xNN / \uNNNN escapes and %XX
// percent-encoding are decoded in place; runs of hex digits that decode to prose are
// appended like base64; text written backwards is appended the right way round.
const HTML_REF = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(lt|gt|amp|quot|apos|nbsp));/gi;
const NAMED_REFS: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' };
const ESCAPE = /\\(?:x([0-9a-f]{2})|u([0-9a-f]{4})|u\{([0-9a-f]{1,6})\})/gi;
const PERCENT = /%([0-9a-f]{2})/gi;
const HEX_RUN = /(?:[0-9a-f]{2}[ :]?){12,2048}/gi;
// frequent short words of English and German, forwards and backwards
const FORWARD_WORDS = /\b(?:the|and|you|your|all|ignore|instructions|previous|this|that|with|for|und|die|der|alle|du)\b/g;
const BACKWARD_WORDS = /\b(?:eht|dna|uoy|ruoy|lla|erongi|snoitcurtsni|suoiverp|siht|taht|htiw|rof|dnu|eid|red|ella|ud)\b/g;

function fromCodePoint(code: number): string {
  return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : ' ';
}

function decodeInPlace(text: string): string {
  let t = text;
  if (t.includes('&')) {
    t = t.replace(HTML_REF, (_, dec: string | undefined, hex: string | undefined, name: string | undefined) =>
      dec !== undefined ? fromCodePoint(Number(dec)) : hex !== undefined ? fromCodePoint(parseInt(hex, 16)) : NAMED_REFS[name!.toLowerCase()],
    );
  }
  if (t.includes('\\')) {
    t = t.replace(ESCAPE, (_, x: string | undefined, u: string | undefined, cp: string | undefined) => fromCodePoint(parseInt(x ?? u ?? cp!, 16)));
  }
  // percent-encoding: only where it hides words (three or more escapes), not "50% off"
  if (t.includes('%') && (t.match(PERCENT)?.length ?? 0) >= 3) {
    t = t.replace(PERCENT, (_, h: string) => {
      const c = parseInt(h, 16);
      return c >= 32 && c < 127 ? String.fromCharCode(c) : ' ';
    });
  }
  return t;
}

function decodeHexSegments(text: string): string {
  let extra = '';
  let count = 0;
  HEX_RUN.lastIndex = 0;
  for (let m = HEX_RUN.exec(text); m !== null && count < MAX_DECODED_SEGMENTS; m = HEX_RUN.exec(text)) {
    const digits = m[0].replace(/[ :]/g, '');
    if (digits.length % 2 !== 0) continue;
    const decoded = Buffer.from(digits, 'hex').toString('latin1');
    // prose: printable ASCII with spaces (a sha256 or a UUID decodes to bytes, not words)
    if (/^[\x20-\x7e\n]{12,}$/.test(decoded) && / [a-z]/i.test(decoded)) {
      extra += ' ' + decoded;
      count++;
    }
  }
  return extra;
}

// Scripts written without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar): ICU's
// dictionary-based word segmentation (Intl.Segmenter) puts the spaces in, so word n-grams
// and the intent lexicon ("忽略", "指令", "無視") see words instead of one long run.
const UNSPACED_RUN = /[\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]+/g;
const KATAKANA_ONLY = /^[\u30A0-\u30FF]+$/;
let segmenter: Intl.Segmenter | undefined;

function segmentUnspaced(text: string): string {
  UNSPACED_RUN.lastIndex = 0;
  if (!UNSPACED_RUN.test(text)) return text;
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  const seg = segmenter;
  return text.replace(UNSPACED_RUN, (run) => {
    let out = '';
    let prevKatakana = false;
    for (const { segment } of seg.segment(run)) {
      // ICU's dictionary does not know most katakana loanwords ("プロンプト" comes out as
      // four pieces): a run of katakana stays one word
      const katakana = KATAKANA_ONLY.test(segment);
      out += out && !(katakana && prevKatakana) ? ' ' + segment : segment;
      prevKatakana = katakana;
    }
    return ` ${out} `;
  });
}

function countMatches(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text) !== null) n++;
  return n;
}

/**
 * Lower-cased, NFKC-normalised text with obfuscation folded and decoded base64 appended.
 * `version` 2 (model format 3) also decodes HTML references, escapes, percent-encoding,
 * hex runs and reversed text, and splits Chinese, Japanese and Thai runs into words;
 * version 1 stays exactly as models 1 and 2 were trained.
 */
export function normalizeForInjection(input: string, version: 1 | 2 = 1): string {
  let text = input.normalize('NFKC').replace(ZERO_WIDTH, '');
  if (version >= 2) text = decodeInPlace(text);
  let decoded = decodeBase64Segments(text);
  if (version >= 2) decoded += decodeHexSegments(text);
  if (decoded) text += decoded.normalize('NFKC');
  text = text.toLowerCase();
  text = foldWords(text);
  if (version >= 2) {
    text = segmentUnspaced(text);
    const backward = countMatches(BACKWARD_WORDS, text);
    if (backward >= 2 && backward > countMatches(FORWARD_WORDS, text)) text += ' ' + [...text].reverse().join('');
  }
  return text.replace(/\s+/g, ' ').trim();
}
