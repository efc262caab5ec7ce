import { PiiContext } from '../pii-context';

const SSN = /(?<![\d-])(\d{3})([- ]?)(\d{2})\2(\d{4})(?![\d]|-\d)/g;
const SSN_CONTEXT = /(?:ssn|social security|social sec|ss#|ss #|ssa|tax id|taxpayer|itin|sozialversicherung)/;
// Numbers the SSA never issues or that were published as examples.
const SSN_INVALID = new Set(['078051120', '219099999', '123456789', '111111111', '333333333', '987654320']);

/** SSA rules: area 001–899 except 666, group 01–99, serial 0001–9999. */
export function ssnValid(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  if (a === 0 || a === 666 || a >= 900) return false;
  if (group === '00' || serial === '0000') return false;
  return !SSN_INVALID.has(area + group + serial);
}

export function findSsns(ctx: PiiContext): void {
  SSN.lastIndex = 0;
  const text = ctx.text;
  for (let m = SSN.exec(text); m; m = SSN.exec(text)) {
    if (!ssnValid(m[1], m[3], m[4])) continue;
    const context = ctx.near(SSN_CONTEXT, m.index, m.index + m[0].length, 48);
    const separated = m[2] !== '';
    if (!separated && !context) continue;
    // "123 45 6789" with spaces is ambiguous without context
    if (m[2] === ' ' && !context) continue;
    ctx.add('US_SSN', m.index, m.index + m[0].length, context ? 0.95 : 0.6, 55);
  }
}

const PASSPORT = /(?<![A-Za-z0-9])(?:[A-Z]\d{8}|\d{9})(?![A-Za-z0-9])/g;
const PASSPORT_CONTEXT = /(?:passport|passeport|reisepass|pasaporte|passaporto)[^\n]{0,32}$/;

export function findUsPassports(ctx: PiiContext): void {
  if (!ctx.lower.includes('pass')) return;
  PASSPORT.lastIndex = 0;
  for (let m = PASSPORT.exec(ctx.text); m; m = PASSPORT.exec(ctx.text)) {
    if (ctx.near(PASSPORT_CONTEXT, m.index, m.index, 48)) ctx.add('US_PASSPORT', m.index, m.index + m[0].length, 0.85, 50);
  }
}

// US licence numbers differ by state (1–2 letters + 4–14 digits, all digits, with dashes);
// without a checksum they only count right after words that name them.
const LICENSE = /(?<![A-Za-z0-9-])(?=[A-Z0-9-]{5,20}(?![A-Za-z0-9-]))[A-Z]{0,2}\d[\d-]{3,17}[A-Z0-9]?(?![A-Za-z0-9-])/g;
const LICENSE_CONTEXT = /(?:driver'?s?|drivers|driving)[\s-]{0,2}licen[cs]e|\bdl\b|\bd\.l\.|licen[cs]e (?:no|number|#|num)|führerschein|permis de conduire/;

export function findUsDriverLicenses(ctx: PiiContext): void {
  if (!/licen|\bdl\b|d\.l\.|führerschein|permis/.test(ctx.lower)) return;
  LICENSE.lastIndex = 0;
  for (let m = LICENSE.exec(ctx.text); m; m = LICENSE.exec(ctx.text)) {
    const digits = m[0].replace(/\D/g, '').length;
    if (digits < 4 || m[0].endsWith('-')) continue;
    if (ctx.near(LICENSE_CONTEXT, m.index, m.index, 48)) ctx.add('US_DRIVER_LICENSE', m.index, m.index + m[0].length, 0.8, 45);
  }
}
