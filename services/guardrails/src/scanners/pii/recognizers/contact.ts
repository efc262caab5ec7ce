import { parsePhoneNumberFromString, CountryCode } from 'libphonenumber-js/max';
import { isIPv6 } from 'node:net';
import { PiiContext } from '../pii-context';

const EMAIL_DOMAIN = /(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])/y;
const LOCAL_CHAR = /[A-Za-z0-9._%+-]/;

// Anchored on each "@" (found with indexOf) rather than a pattern tried at every position:
// the local part is the run of local-part characters before it, 1 to 64 of them.
export function findEmails(ctx: PiiContext): void {
  const text = ctx.text;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start <= 64 && LOCAL_CHAR.test(text[start - 1])) start--;
    if (start === at || at - start > 64) continue;
    EMAIL_DOMAIN.lastIndex = at + 1;
    const domain = EMAIL_DOMAIN.exec(text);
    if (!domain) continue;
    const value = text.slice(start, domain.index + domain[0].length);
    if (value.startsWith('.') || value.includes('..')) continue;
    ctx.add('EMAIL_ADDRESS', start, start + value.length, 1, 50);
  }
}

// One character class, so candidates are found in linear time; libphonenumber decides.
const PHONE_CANDIDATE = /(?<![\w+@./:-])(?:\+|00)?\(?\d[\d() .\-/]{4,22}\d(?:[ ]?(?:x|ext\.?|extension)[ ]?\d{1,6})?(?![\w@]|[.,]\d)/g;
const PHONE_AFTER = /^[\s,;:-]{0,3}(?:office|fax|mobile|cell|home|work|phone|tel|landline|direct)/;
const NOT_PHONE_CONTEXT = /(?:(?:zip|postal|postcode|post code|plz|cep|code postal)[^\n]{0,12}|(?:invoice|order|account|acct|ref|id|isbn|serial)[\s#:.-]{0,4}(?:no\.?|number|#)?[\s#:.-]{0,3})$/;
const PHONE_CONTEXT = /(?:phone|tel\b|tel\.|telephone|mobile|cell|fax|call|calling|dial|text me|sms|whatsapp|contact|reach|number|desk|office|home|work|handy|telefon|rufnummer|téléphone|portable|teléfono|móvil|telefono|cellulare)[^\n]{0,24}$/;
const REGIONS: CountryCode[] = ['US', 'GB', 'DE', 'FR', 'IT', 'ES', 'NL', 'BE', 'CH', 'AT', 'AU', 'CA', 'IN', 'BR', 'MX', 'ZA', 'SE', 'NO', 'DK', 'FI', 'PL', 'PT', 'IE', 'NZ', 'CZ', 'HU', 'GR', 'IL', 'JP', 'TR'];

function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

export function findPhones(ctx: PiiContext, defaultRegion: CountryCode = 'US'): void {
  PHONE_CANDIDATE.lastIndex = 0;
  const text = ctx.text;
  for (let m = PHONE_CANDIDATE.exec(text); m; m = PHONE_CANDIDATE.exec(text)) {
    let raw = m[0];
    let start = m.index;
    // a bracket we did not open, or opened and never closed, is not part of the number
    while (raw.endsWith(')') && raw.split('(').length < raw.split(')').length) raw = raw.slice(0, -1);
    if (raw.startsWith('(') && !raw.includes(')')) {
      raw = raw.slice(1);
      start++;
    }
    const ext = /[ ]?(?:x|ext\.?|extension)[ ]?\d{1,6}$/.exec(raw);
    const number = ext ? raw.slice(0, ext.index) : raw;
    const digits = digitCount(number);
    if (digits < 7 || digits > 15) continue;
    if (ctx.near(NOT_PHONE_CONTEXT, start, start, 24)) continue;
    const hasContext = ctx.near(PHONE_CONTEXT, start, start, 40) || PHONE_AFTER.test(ctx.lower.slice(start + raw.length, start + raw.length + 16));
    const international = raw.startsWith('+') || raw.startsWith('00');
    const formatted = /[ .\-()]/.test(raw);
    if (!international && !formatted && !hasContext) continue;
    // dates, year ranges, sums and half-bracketed fragments are not phone numbers
    if (/^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/.test(number)) continue;
    if (/^(?:1[5-9]|20)\d\d\s?[-–/]{1,2}\s?(?:1[5-9]|20)\d\d$/.test(number)) continue;
    if (!international && / [-+] /.test(number)) continue;
    if (number.split('(').length !== number.split(')').length || /\)[^\d]*$/.test(number) || /^[^(]*\)/.test(number)) continue;
    let valid = false;
    let possible = false;
    if (international) {
      const p = parsePhoneNumberFromString(number.startsWith('00') ? '+' + number.slice(2) : number);
      valid = p?.isValid() ?? false;
      possible = p?.isPossible() ?? false;
    } else {
      // without context, a national number must be valid in one of the most common regions
      const pool = hasContext ? REGIONS : REGIONS.slice(0, 12);
      const regions = defaultRegion === 'US' ? pool : [defaultRegion, ...pool];
      for (const region of regions) {
        const p = parsePhoneNumberFromString(number, region);
        if (!p) continue;
        if (p.isValid()) {
          valid = true;
          break;
        }
        possible ||= p.isPossible();
      }
    }
    if (valid) ctx.add('PHONE_NUMBER', start, start + raw.length, hasContext ? 0.95 : 0.75, 30);
    else if (possible && (hasContext || (international && formatted))) ctx.add('PHONE_NUMBER', start, start + raw.length, 0.6, 25);
  }
}

const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d]|\.\d)/g;
const IPV6_CANDIDATE = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?:%[\w.]{1,16})?(?![\w:])/g;
const VERSION_CONTEXT = /(?:version|v|ver\.?|release|build)\s*$/;

export function findIpAddresses(ctx: PiiContext): void {
  const text = ctx.text;
  if (text.includes('.')) {
    IPV4.lastIndex = 0;
    for (let m = IPV4.exec(text); m; m = IPV4.exec(text)) {
      if (ctx.near(VERSION_CONTEXT, m.index, m.index, 12)) continue;
      ctx.add('IP_ADDRESS', m.index, m.index + m[0].length, 0.9, 40);
    }
  }
  if (mayHoldIpv6(text)) {
    IPV6_CANDIDATE.lastIndex = 0;
    for (let m = IPV6_CANDIDATE.exec(text); m; m = IPV6_CANDIDATE.exec(text)) {
      const v = m[0].split('%')[0];
      if (v.length < 3 || !isIPv6(v)) continue;
      // "12:30:45" style times are valid IPv6 only when compressed; require a hex letter or "::" with 3+ groups
      if (!/[a-f]/i.test(v) && !(v.includes('::') && v.split(':').filter(Boolean).length >= 2) && v.split(':').length < 8) continue;
      ctx.add('IP_ADDRESS', m.index, m.index + m[0].length, 0.9, 40);
    }
  }
}

/** An IPv6 address has two colons at most five characters apart with only hex digits between. */
function mayHoldIpv6(text: string): boolean {
  let prev = text.indexOf(':');
  if (prev < 0) return false;
  for (let next = text.indexOf(':', prev + 1); next >= 0; prev = next, next = text.indexOf(':', next + 1)) {
    if (next - prev <= 5 && /^[0-9A-Fa-f]*$/.test(text.slice(prev + 1, next))) return true;
  }
  return false;
}
