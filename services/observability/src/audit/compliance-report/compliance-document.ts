import type { ComplianceReport } from './compliance-report.usecase';

/** One section of the readable report: what it evidences, for which controls, and its figures. */
export interface DocumentSection {
  title: string;
  /** The framework controls the section is evidence for. */
  controls: string;
  rows: [label: string, value: string][];
  /** Said when the section has nothing to count, so an empty table is not mistaken for an omission. */
  empty?: string;
}

/** The readable report, laid out once and rendered as HTML or PDF from the same content. */
export interface ComplianceDocument {
  title: string;
  subtitle: string;
  verdict: { ok: boolean; text: string };
  sections: DocumentSection[];
  footer: string;
}

const n = (v: number) => v.toLocaleString('en-US');
const byCount = (counts: Record<string, number>): [string, string][] =>
  Object.entries(counts)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([k, v]) => [k, n(v)]);

/**
 * The compliance report as a document a reviewer reads: sections ordered as an auditor walks a
 * SOC 2 / HIPAA / GDPR evidence request, each naming the controls it supports. Control references:
 * AICPA Trust Services Criteria (2017, rev. 2022) CC6–CC8; HIPAA Security Rule 45 CFR 164.312;
 * GDPR articles 17, 30 and 32.
 */
export function complianceDocument(r: ComplianceReport): ComplianceDocument {
  const chain = r.auditChain;
  const verdict = chain.ok
    ? { ok: true, text: `Audit chain verified: ${n(chain.entries.verified)} entries and ${n(chain.checkpoints.valid)} of ${n(chain.checkpoints.checked)} signed checkpoints check out.` }
    : { ok: false, text: `Audit chain NOT verified: ${chain.problem ? `${chain.problem.kind} entry at sequence ${chain.problem.seq} — ${chain.problem.message}` : `${n(chain.checkpoints.checked - chain.checkpoints.valid)} checkpoint signature(s) invalid`}. The figures below come from a record that may have been altered.` };
  return {
    title: `Compliance evidence — ${r.orgId}`,
    subtitle: `Period ${r.period.from} to ${r.period.to} · generated ${r.generatedAt} · ${n(r.entries.total)} audit entries`,
    verdict,
    sections: [
      {
        title: 'Access changes',
        controls: 'SOC 2 CC6.1, CC6.2, CC6.3 · HIPAA 164.312(a)(1)',
        rows: [['Total changes', n(r.accessChanges.total)], ...byCount(r.accessChanges.byAction)],
      },
      {
        title: 'Denied requests',
        controls: 'SOC 2 CC6.1, CC6.6 · HIPAA 164.312(d)',
        rows: [['Requests refused for missing access or budget (401, 403, 429)', n(r.deniedRequests)]],
      },
      {
        title: 'Credential and key access',
        controls: 'SOC 2 CC6.1, CC6.7 · HIPAA 164.312(d)',
        rows: [['Total credential operations', n(r.credentialAccess.total)], ...byCount(r.credentialAccess.byAction)],
      },
      {
        title: 'Policy violations and their handling',
        controls: 'SOC 2 CC7.2, CC7.3',
        rows: [
          ['Total guardrail decisions', n(r.policyViolations.total)],
          ['Blocked', n(r.policyViolations.blocked)],
          ['Redacted', n(r.policyViolations.redacted)],
          ...byCount(r.policyViolations.byScannerAndAction).map(([k, v]): [string, string] => [`Scanner ${k}`, v]),
        ],
      },
      {
        title: 'PII / PHI redactions',
        controls: 'HIPAA 164.312(e)(1) · GDPR Art. 32',
        rows: [['Personal data redacted before it reached a model or a caller', n(r.piiRedactions)]],
      },
      {
        title: 'Human approvals',
        controls: 'SOC 2 CC8.1',
        rows: [
          ['Requested', n(r.approvals.requested)],
          ['Approved', n(r.approvals.approved)],
          ['Denied', n(r.approvals.denied)],
          ['Expired', n(r.approvals.expired)],
        ],
      },
      {
        title: 'Erasure requests',
        controls: 'GDPR Art. 17',
        rows: [['Requested', n(r.erasures.requested)], ...byCount(r.erasures.completionsByService).map(([k, v]): [string, string] => [`Completed by ${k}`, v])],
      },
      {
        title: 'Audit trail integrity',
        controls: 'SOC 2 CC7.2 · HIPAA 164.312(b), 164.312(c)(1) · GDPR Art. 30',
        rows: [
          ['Result', chain.ok ? 'verified' : 'NOT verified'],
          ['Entries verified', n(chain.entries.verified)],
          ['Signed checkpoints valid', `${n(chain.checkpoints.valid)} of ${n(chain.checkpoints.checked)}`],
          ['Chain head', chain.head ? `#${chain.head.seq} ${chain.head.hash}` : 'empty chain'],
          ['Retention anchor', chain.anchor ? `#${chain.anchor.seq} ${chain.anchor.hash} (signature ${chain.anchor.signature})` : 'none (chain starts at genesis)'],
          ['Signing key', chain.signingKeyId],
          ...(chain.problem ? ([['First problem', `${chain.problem.kind} at #${chain.problem.seq}: ${chain.problem.message}`]] as [string, string][]) : []),
        ],
      },
      {
        title: 'All entries by action',
        controls: 'Appendix',
        rows: byCount(r.entries.byAction),
        empty: 'No audit entries in the period.',
      },
      {
        title: 'All entries by outcome',
        controls: 'Appendix',
        rows: byCount(r.entries.byOutcome),
        empty: 'No audit entries in the period.',
      },
    ],
    footer: `Iron Cage observability · organisation ${r.orgId} · figures from the organisation's hash-chained audit trail; JSON: GET /v1/audit/reports/compliance`,
  };
}
