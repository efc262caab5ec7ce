import { CountryCode } from 'libphonenumber-js/max';
import { resolveOverlaps } from '../shared/spans';
import { Finding } from '../types';
import { PiiContext } from './pii-context';
import { findStreetAddresses } from './recognizers/address';
import { findEmails, findIpAddresses, findPhones } from './recognizers/contact';
import { findDates } from './recognizers/date-time';
import { findCreditCards, findIbans } from './recognizers/financial';
import { findSsns, findUsDriverLicenses, findUsPassports } from './recognizers/government';
import { findDeaNumbers, findHealthPlanIds, findIcd10Codes, findMedicalRecordNumbers, findNpis } from './recognizers/medical';
import { findPersons, loadNameGazetteer, NameGazetteer } from './recognizers/person';

/** Presidio-compatible entity names, plus the PHI identifiers Presidio lacks. */
export const PII_ENTITIES = [
  'EMAIL_ADDRESS', 'PHONE_NUMBER', 'CREDIT_CARD', 'IBAN_CODE', 'US_SSN', 'IP_ADDRESS', 'US_PASSPORT', 'US_DRIVER_LICENSE',
  'DATE_TIME', 'STREET_ADDRESS', 'PERSON', 'MEDICAL_RECORD_NUMBER', 'US_NPI', 'US_DEA', 'ICD10_CODE', 'HEALTH_PLAN_ID',
] as const;
export type PiiEntity = (typeof PII_ENTITIES)[number];

export interface PiiScannerOptions {
  /** Entities to report (default: all). */
  entities?: readonly PiiEntity[];
  /** Findings scoring below this are dropped (default 0.5). */
  minScore?: number;
  /** Region assumed for phone numbers written without a country code (default US). */
  defaultRegion?: CountryCode;
  /** PERSON gazetteer; loaded from services/guardrails/models/names-v2.json by default. */
  names?: NameGazetteer;
}

type Recognizer = (ctx: PiiContext) => void;

export class PiiScanner {
  private readonly recognizers: Recognizer[];
  private readonly wanted: ReadonlySet<string>;
  private readonly minScore: number;
  /** Longest span a recogniser reports in practice (addresses with units, written dates). */
  readonly maxPatternLength = 160;

  constructor(options: PiiScannerOptions = {}) {
    this.wanted = new Set(options.entities ?? PII_ENTITIES);
    this.minScore = options.minScore ?? 0.5;
    const region = options.defaultRegion ?? 'US';
    const w = (e: PiiEntity) => this.wanted.has(e);
    const list: Recognizer[] = [];
    if (w('EMAIL_ADDRESS')) list.push(findEmails);
    if (w('CREDIT_CARD')) list.push(findCreditCards);
    if (w('IBAN_CODE')) list.push(findIbans);
    if (w('US_SSN')) list.push(findSsns);
    if (w('IP_ADDRESS')) list.push(findIpAddresses);
    if (w('US_PASSPORT')) list.push(findUsPassports);
    if (w('US_DRIVER_LICENSE')) list.push(findUsDriverLicenses);
    if (w('MEDICAL_RECORD_NUMBER')) list.push(findMedicalRecordNumbers);
    if (w('US_NPI')) list.push(findNpis);
    if (w('US_DEA')) list.push(findDeaNumbers);
    if (w('ICD10_CODE')) list.push(findIcd10Codes);
    if (w('HEALTH_PLAN_ID')) list.push(findHealthPlanIds);
    if (w('DATE_TIME')) list.push(findDates);
    if (w('PHONE_NUMBER')) list.push((ctx) => findPhones(ctx, region));
    if (w('STREET_ADDRESS')) list.push(findStreetAddresses);
    if (w('PERSON')) {
      const names = options.names ?? loadNameGazetteer();
      list.push((ctx) => findPersons(ctx, names));
    }
    this.recognizers = list;
  }

  scan(text: string): Finding[] {
    if (text.length === 0) return [];
    const ctx = new PiiContext(text);
    for (const r of this.recognizers) r(ctx);
    const kept = ctx.out.filter((c) => c.score >= this.minScore && this.wanted.has(c.type));
    if (kept.length === 0) return [];
    return resolveOverlaps(kept).map(({ type, start, end, score }) => ({ type, start, end, score }));
  }
}
