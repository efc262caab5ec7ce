import { Injectable } from '@nestjs/common';
import { EVENTS } from '@ironcage/contracts';
import { ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { z } from 'zod';
import { Clock } from '../../common/clock';
import { AuditRepository } from '../audit.repository';
import { auditFilterShape, RANGE_MESSAGE, rangeIsOrdered } from '../query-entries/audit-filters';
import { type ChainVerification, VerifyChainUseCase } from '../verify-chain/verify-chain.usecase';

export const COMPLIANCE_REPORT_FORMATS = ['json', 'html', 'pdf'] as const;
export type ComplianceReportFormat = (typeof COMPLIANCE_REPORT_FORMATS)[number];

export const complianceReportSchema = z
  .strictObject({
    orgId: auditFilterShape.orgId,
    from: auditFilterShape.from.unwrap(),
    to: auditFilterShape.to.unwrap(),
    format: z.enum(COMPLIANCE_REPORT_FORMATS).default('json').describe('`json` (the figures), `html` (a self-contained, printable page) or `pdf` (A4)'),
  })
  .refine(rangeIsOrdered, RANGE_MESSAGE);
export type ComplianceReportCommand = z.input<typeof complianceReportSchema>;

type Counts = Record<string, number>;

export interface ComplianceReport {
  orgId: string;
  period: { from: string; to: string };
  generatedAt: string;
  entries: { total: number; byAction: Counts; byOutcome: Counts };
  /** SOC 2 CC6: administrative and access changes, by what changed (`key.revoked`, `team.created`, …). */
  accessChanges: { total: number; byAction: Counts };
  /** Requests refused for lack of access or budget (401/403/429). */
  deniedRequests: number;
  /** Guardrail decisions by scanner and action (`pii:redact`, `injection:block`, …). */
  policyViolations: { total: number; byScannerAndAction: Counts; blocked: number; redacted: number };
  /** PII/PHI redactions (HIPAA, GDPR art. 32). */
  piiRedactions: number;
  approvals: { requested: number; approved: number; denied: number; expired: number };
  credentialAccess: { total: number; byAction: Counts };
  erasures: { requested: number; completionsByService: Counts };
  /** The audit chain of the org, verified now: the evidence the record above was not altered. */
  auditChain: Pick<ChainVerification, 'ok' | 'problem' | 'entries' | 'head' | 'anchor' | 'signingKeyId'> & { checkpoints: { checked: number; valid: number } };
}

const add = (c: Counts, k: string, n: number) => (c[k] = (c[k] ?? 0) + n);

/**
 * Evidence for SOC 2 / HIPAA / GDPR reviews of one org over a period, from its audit trail alone:
 * access changes, denials, guardrail decisions and redactions, approvals, credential access,
 * erasures — and the verification of the chain the figures come from.
 */
@Injectable()
export class ComplianceReportUseCase {
  constructor(
    private readonly audit: AuditRepository,
    private readonly verify: VerifyChainUseCase,
    private readonly clock: Clock,
  ) {}

  async execute(command: ComplianceReportCommand): Promise<ComplianceReport> {
    const parsed = complianceReportSchema.safeParse(command);
    if (!parsed.success) throw new ValidationError('The request is invalid', zodIssuesToDetails(parsed.error, 'query'));
    const { orgId, from, to } = parsed.data;
    const rows = await this.audit.summarise(orgId, new Date(from), new Date(to));
    const r: ComplianceReport = {
      orgId,
      period: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
      generatedAt: this.clock.now().toISOString(),
      entries: { total: 0, byAction: {}, byOutcome: {} },
      accessChanges: { total: 0, byAction: {} },
      deniedRequests: 0,
      policyViolations: { total: 0, byScannerAndAction: {}, blocked: 0, redacted: 0 },
      piiRedactions: 0,
      approvals: { requested: 0, approved: 0, denied: 0, expired: 0 },
      credentialAccess: { total: 0, byAction: {} },
      erasures: { requested: 0, completionsByService: {} },
      auditChain: undefined as never,
    };
    for (const { action, outcome, detail, n } of rows) {
      r.entries.total += n;
      add(r.entries.byAction, action, n);
      if (outcome) add(r.entries.byOutcome, outcome, n);
      switch (action) {
        case EVENTS.adminChanged:
          r.accessChanges.total += n;
          add(r.accessChanges.byAction, detail ?? 'unknown', n);
          break;
        case EVENTS.requestReceived:
          if (outcome === 'denied') r.deniedRequests += n;
          break;
        case EVENTS.policyViolated:
          r.policyViolations.total += n;
          add(r.policyViolations.byScannerAndAction, detail ?? 'unknown', n);
          if (outcome === 'blocked') r.policyViolations.blocked += n;
          if (outcome === 'redacted') r.policyViolations.redacted += n;
          if (detail === 'pii:redact') r.piiRedactions += n;
          break;
        case EVENTS.approvalRequested:
          r.approvals.requested += n;
          break;
        case EVENTS.approvalDecided:
          if (detail === 'approved' || detail === 'denied' || detail === 'expired') r.approvals[detail] += n;
          break;
        case EVENTS.credentialAccessed:
          r.credentialAccess.total += n;
          add(r.credentialAccess.byAction, detail ?? 'unknown', n);
          break;
        case EVENTS.privacyErasureRequested:
          r.erasures.requested += n;
          break;
        case EVENTS.privacyErasureCompleted:
          add(r.erasures.completionsByService, detail ?? 'unknown', n);
          break;
        default:
          break;
      }
    }
    const v = await this.verify.execute({ orgId });
    r.auditChain = {
      ok: v.ok,
      problem: v.problem,
      entries: v.entries,
      head: v.head,
      anchor: v.anchor,
      signingKeyId: v.signingKeyId,
      checkpoints: { checked: v.checkpoints.checked, valid: v.checkpoints.valid },
    };
    return r;
  }
}
