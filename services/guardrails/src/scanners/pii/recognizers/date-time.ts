import { PiiContext } from '../pii-context';

// What Presidio's synthetic set labels DATE_TIME: full dates (numeric and written), date
// times, and also bare years and weekdays in running text ("founded in 1990", "on
// Thursday"). Full dates carry a high score; years and weekdays a low one, so a policy can
// choose to mask only dates of birth and the like (score >= 0.7).

const MONTHS =
  'jan(?:uary|\\.)?|feb(?:ruary|\\.)?|mar(?:ch|\\.)?|apr(?:il|\\.)?|may|jun(?:e|\\.)?|jul(?:y|\\.)?|aug(?:ust|\\.)?|sep(?:t(?:ember)?|\\.)?|oct(?:ober|\\.)?|nov(?:ember|\\.)?|dec(?:ember|\\.)?|' +
  'januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|' +
  'enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre';
const TIME = '(?:[ T,]{1,2}(?:at\\s)?\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,6})?)?(?:\\s?[ap]\\.?m\\.?)?(?:\\s?(?:Z|UTC|GMT|[+-]\\d{2}:?\\d{2}))?)?';

const NUMERIC = new RegExp(`(?<![\\w/.:-])(?:(\\d{4})-(\\d{1,2})-(\\d{1,2})|(\\d{1,2})([/.-])(\\d{1,2})\\5(\\d{4}|\\d{2}))${TIME}(?![\\w/-]|\\.\\d)`, 'gi');
const WRITTEN = new RegExp(
  `(?<![\\w])(?:(?:\\d{1,2}(?:st|nd|rd|th|\\.)?\\s(?:of\\s)?(?:${MONTHS})\\.?,?\\s\\d{4})|(?:(?:${MONTHS})\\.?\\s\\d{1,2}(?:st|nd|rd|th)?,?\\s\\d{4})|(?:(?:${MONTHS})\\.?,?\\s(?:19|20)\\d{2})|(?:(?:${MONTHS})\\s\\d{1,2}(?:st|nd|rd|th)))${TIME}(?![\\w])`,
  'gi',
);
// Every written date holds a month: its first three letters (or the German/French/Spanish short forms) start a word.
const MONTH_GATE = /(?<![\p{L}])(?:jan|feb|mar|mär|apr|avr|abr|may|mai|jun|jui|jul|aug|aoû|ago|sep|oct|okt|nov|dec|dez|déc|dic|ene|fév|juin)/iu;
const WEEKDAY = /(?<![\w])(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)(?![\w])/gi;
const YEAR = /(?<![\w.,/-])(?:1[89]\d{2}|20\d{2})s?(?![\w/-]|[.,]\d)/g;
const YEAR_CONTEXT = /(?:\b(?:in|since|during|from|until|till|by|of|year|born|early|late|around|circa|before|after|the|a|an|mid|spring|summer|autumn|fall|winter|class of|est\.?|founded|©)\s*|')$/;
const CLOCK = /(?<![\w:.])\d{1,2}:\d{2}(?::\d{2})?\s?(?:[ap]\.?m\.?)(?![\w])/gi;
const DOB_CONTEXT = /(?:born|birth|dob|d\.o\.b|geboren|geburtsdatum|né|née|fecha de nacimiento)[^\n]{0,24}$/;

function plausible(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

export function findDates(ctx: PiiContext): void {
  const text = ctx.text;
  NUMERIC.lastIndex = 0;
  for (let m = NUMERIC.exec(text); m; m = NUMERIC.exec(text)) {
    let ok: boolean;
    if (m[1]) ok = plausible(Number(m[2]), Number(m[3]));
    else {
      const a = Number(m[4]);
      const b = Number(m[6]);
      ok = plausible(a, b) || plausible(b, a);
      // "1.2.3" style version numbers and 2-digit-year dots need some context
      if (ok && m[5] === '.' && m[7].length === 2) ok = ctx.near(DOB_CONTEXT, m.index);
    }
    if (!ok) continue;
    const dob = ctx.near(DOB_CONTEXT, m.index);
    ctx.add('DATE_TIME', m.index, m.index + m[0].length, dob ? 0.95 : 0.85, 35);
  }
  if (/[a-z]/i.test(text)) {
    WRITTEN.lastIndex = 0;
    for (let m = MONTH_GATE.test(text) ? WRITTEN.exec(text) : null; m; m = WRITTEN.exec(text)) {
      // "may 2020" is a verb too often: only with a capital
      if (/^may\s/.test(m[0])) continue;
      ctx.add('DATE_TIME', m.index, m.index + m[0].length, ctx.near(DOB_CONTEXT, m.index) ? 0.95 : 0.85, 35);
    }
    WEEKDAY.lastIndex = 0;
    const weekdays = ctx.lower.includes('day') || ctx.lower.includes('tag') || ctx.lower.includes('mittwoch');
    for (let m = weekdays ? WEEKDAY.exec(text) : null; m; m = WEEKDAY.exec(text)) ctx.add('DATE_TIME', m.index, m.index + m[0].length, 0.5, 20);
    CLOCK.lastIndex = 0;
    for (let m = CLOCK.exec(text); m; m = CLOCK.exec(text)) ctx.add('DATE_TIME', m.index, m.index + m[0].length, 0.6, 20);
  }
  YEAR.lastIndex = 0;
  for (let m = YEAR.exec(text); m; m = YEAR.exec(text)) {
    if (ctx.near(YEAR_CONTEXT, m.index, m.index, 16)) ctx.add('DATE_TIME', m.index, m.index + m[0].length, 0.5, 15);
  }
}
