import { ibanMod97Valid, luhnValid } from '../../shared/checksums';
import { PiiContext } from '../pii-context';

// 12–19 digits, optionally grouped by single spaces or dashes.
const CARD = /(?<![\w-])\d(?:[ -]?\d){11,18}(?![\w]|-\d)/g;
const CARD_CONTEXT = /(?:card|credit|debit|visa|mastercard|amex|american express|discover|diners|jcb|maestro|unionpay|cc|payment|pay|kreditkarte|karte|carte|tarjeta|carta)/;

// Issuer identification prefixes of the major networks (ISO/IEC 7812 IIN ranges).
function knownIssuer(d: string): boolean {
  const two = Number(d.slice(0, 2));
  const four = Number(d.slice(0, 4));
  const six = Number(d.slice(0, 6));
  if (d[0] === '4') return true; // Visa
  if (two >= 51 && two <= 55) return true; // Mastercard
  if (six >= 222100 && six <= 272099) return true; // Mastercard 2-series
  if (two === 34 || two === 37) return true; // American Express
  if (two === 36 || two === 38 || two === 39 || (four >= 3000 && four <= 3059) || four === 3095) return true; // Diners
  if (four >= 3528 && four <= 3589) return true; // JCB
  if (d[0] === '6') return true; // Discover, UnionPay, Maestro, RuPay
  if (two === 50 || (two >= 56 && two <= 58)) return true; // Maestro
  if (d.startsWith('1800') || d.startsWith('2131')) return true; // JCB legacy
  if (d[0] === '2' && (two === 20 || two === 21)) return true; // enRoute / legacy ranges
  return false;
}

export function findCreditCards(ctx: PiiContext): void {
  CARD.lastIndex = 0;
  const text = ctx.text;
  for (let m = CARD.exec(text); m; m = CARD.exec(text)) {
    const raw = m[0];
    const digits = raw.replace(/[ -]/g, '');
    if (digits.length < 12 || digits.length > 19) continue;
    // mixed separators ("1234 5678-9012") are not how cards are written
    if (raw.includes(' ') && raw.includes('-')) continue;
    if (!luhnValid(digits) || /^(\d)\1+$/.test(digits)) continue;
    const context = ctx.near(CARD_CONTEXT, m.index, m.index + raw.length, 48);
    if (!knownIssuer(digits) && !context) continue;
    if (digits.length < 13 && !context) continue;
    ctx.add('CREDIT_CARD', m.index, m.index + raw.length, context ? 1 : 0.85, 60);
  }
}

// IBAN lengths per country (SWIFT IBAN registry).
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28,
  CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23,
  GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32,
  LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18,
  NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19,
  SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

const IBAN = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]){11,30}(?![A-Za-z0-9])/g;
const IBAN_CONTEXT = /(?:iban|bank|account|transfer|konto|überweisung|compte|virement|cuenta|conto)/;

export function findIbans(ctx: PiiContext): void {
  IBAN.lastIndex = 0;
  const text = ctx.text;
  for (let m = IBAN.exec(text); m; m = IBAN.exec(text)) {
    let raw = m[0];
    let compact = raw.replace(/[ -]/g, '').toUpperCase();
    const expected = IBAN_LENGTHS[compact.slice(0, 2)];
    if (!expected) continue;
    if (compact.length > expected) {
      // the match ran on into the next word: cut it back to the country's length
      let seen = 0;
      let cut = 0;
      while (cut < raw.length && seen < expected) {
        if (raw[cut] !== ' ' && raw[cut] !== '-') seen++;
        cut++;
      }
      raw = raw.slice(0, cut);
      compact = compact.slice(0, expected);
    }
    if (compact.length !== expected || !ibanMod97Valid(compact)) continue;
    // lower-case IBANs are rare enough to need context
    if (raw !== raw.toUpperCase() && !ctx.near(IBAN_CONTEXT, m.index, m.index, 40)) continue;
    ctx.add('IBAN_CODE', m.index, m.index + raw.length, 1, 60);
  }
}
