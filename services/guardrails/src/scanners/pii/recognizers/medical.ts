import { luhnValid } from '../../shared/checksums';
import { PiiContext } from '../pii-context';

// PHI identifiers (HIPAA Safe Harbor): medical record numbers, NPIs, DEA numbers, ICD-10
// codes and health-plan ids. Without a checksum, only context makes a number one of these.

const MRN = /(?<![A-Za-z0-9])(?:[A-Z]{1,3}[- ]?)?\d{5,10}(?:-\d{1,3})?(?![A-Za-z0-9])/g;
const MRN_CONTEXT = /(?:\bmrn\b|medical record|med\.? rec|patient (?:id|no|number|#)|chart (?:no|number|#)|record (?:no|number|#)|\bhospital (?:no|number|id)|\bpid\b|patientennummer|fallnummer|dossier médical)[^\n]{0,16}$/;

export function findMedicalRecordNumbers(ctx: PiiContext): void {
  if (!/mrn|record|patient|chart|hospital|pid|patienten|fallnummer|dossier/.test(ctx.lower)) return;
  MRN.lastIndex = 0;
  for (let m = MRN.exec(ctx.text); m; m = MRN.exec(ctx.text)) {
    if (ctx.near(MRN_CONTEXT, m.index, m.index, 40)) ctx.add('MEDICAL_RECORD_NUMBER', m.index, m.index + m[0].length, 0.85, 48);
  }
}

/** NPI: 10 digits, first 1 or 2, Luhn check digit computed over "80840" + the first 9 digits (CMS NPI standard). */
export function npiValid(npi: string): boolean {
  return /^[12]\d{9}$/.test(npi) && luhnValid('80840' + npi);
}

const NPI = /(?<![\d-])[12]\d{9}(?![\d]|-\d)/g;
const NPI_CONTEXT = /(?:\bnpi\b|national provider|provider (?:id|number|no)|prescriber|physician|practitioner|rendering|billing provider|referring)[^\n]{0,24}$/;

export function findNpis(ctx: PiiContext): void {
  NPI.lastIndex = 0;
  for (let m = NPI.exec(ctx.text); m; m = NPI.exec(ctx.text)) {
    if (!npiValid(m[0])) continue;
    if (ctx.near(NPI_CONTEXT, m.index, m.index, 48)) ctx.add('US_NPI', m.index, m.index + 10, 0.95, 58);
  }
}

/**
 * DEA registration number: registrant-type letter, the registrant's last-name initial (or
 * 9 for business activity), 7 digits where (d1+d3+d5) + 2*(d2+d4+d6) ends in d7.
 */
export function deaValid(dea: string): boolean {
  if (!/^[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}$/.test(dea)) return false;
  const d = dea.slice(2).split('').map(Number);
  const sum = d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5]);
  return sum % 10 === d[6];
}

const DEA = /(?<![A-Za-z0-9])[A-Z][A-Z9]\d{7}(?![A-Za-z0-9])/g;
const DEA_CONTEXT = /(?:\bdea\b|registration|prescriber|controlled substance|schedule ii)[^\n]{0,24}$/;

export function findDeaNumbers(ctx: PiiContext): void {
  DEA.lastIndex = 0;
  for (let m = DEA.exec(ctx.text); m; m = DEA.exec(ctx.text)) {
    if (!deaValid(m[0])) continue;
    ctx.add('US_DEA', m.index, m.index + m[0].length, ctx.near(DEA_CONTEXT, m.index, m.index, 48) ? 0.95 : 0.7, 58);
  }
}

// ICD-10(-CM): letter (not U), two digits (or digit + A/B for C/D ranges), optional dot and 1–4 characters.
const ICD10 = /(?<![A-Za-z0-9])[A-TV-Z]\d[0-9AB](?:\.[0-9A-Z]{1,4})?(?![A-Za-z0-9])/g;
const ICD10_CONTEXT = /(?:icd|diagnos|\bdx\b|code|condition|billing|claim|assessment|problem list)[^\n]{0,40}$/;

export function findIcd10Codes(ctx: PiiContext): void {
  if (!/icd|diagnos|\bdx\b|code|condition|claim|assessment|problem/.test(ctx.lower)) return;
  ICD10.lastIndex = 0;
  for (let m = ICD10.exec(ctx.text); m; m = ICD10.exec(ctx.text)) {
    if (ctx.near(ICD10_CONTEXT, m.index, m.index, 60)) ctx.add('ICD10_CODE', m.index, m.index + m[0].length, 0.8, 44);
  }
}

// Medicare Beneficiary Identifier (CMS): C A AN N A AN N A A N N, letters excluding S L O I B Z.
const MBI = /(?<![A-Za-z0-9])[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y]{2}\d{2}(?![A-Za-z0-9])/g;
const PLAN_ID = /(?<![A-Za-z0-9])[A-Z0-9]{1,4}[- ]?\d{4,12}(?:[- ]?[A-Z0-9]{1,4})?(?![A-Za-z0-9])/g;
const PLAN_CONTEXT = /(?:member (?:id|number|no|#)|subscriber (?:id|number)|policy (?:id|number|no|#)|insurance (?:id|number|no)|health plan|plan (?:id|number)|group (?:id|number|no)|beneficiary|medicaid|medicare|insured id|versichertennummer|krankenversicherung)[^\n]{0,24}$/;

export function findHealthPlanIds(ctx: PiiContext): void {
  MBI.lastIndex = 0;
  for (let m = MBI.exec(ctx.text); m; m = MBI.exec(ctx.text)) {
    if (/[A-Z].*\d|\d.*[A-Z]/.test(m[0])) ctx.add('HEALTH_PLAN_ID', m.index, m.index + m[0].length, 0.8, 47);
  }
  if (!/member|subscriber|policy|insur|plan|group|beneficiary|medica|versicher/.test(ctx.lower)) return;
  PLAN_ID.lastIndex = 0;
  for (let m = PLAN_ID.exec(ctx.text); m; m = PLAN_ID.exec(ctx.text)) {
    if (ctx.near(PLAN_CONTEXT, m.index, m.index, 40)) ctx.add('HEALTH_PLAN_ID', m.index, m.index + m[0].length, 0.8, 46);
  }
}
