import { randomUUID } from 'node:crypto';
import { EVENTS } from '@ironcage/contracts';
import { envelope, sampleData } from '../../testing/audit-fixtures';
import { auditTestBed, type AuditTestBed } from '../../testing/audit-test-bed';
import { pdfText, sql } from '@ironcage/testing';
import { complianceDocument } from './compliance-document';
import { ComplianceReportUseCase } from './compliance-report.usecase';
import { renderComplianceHtml } from './render-html';
import { renderCompliancePdf } from './render-pdf';

describe('the compliance report', () => {
  let bed: AuditTestBed;
  let report: ComplianceReportUseCase;
  const orgId = `org-${randomUUID().slice(0, 8)}`;
  const time = '2026-03-01T10:00:00Z';

  beforeAll(async () => {
    bed = await auditTestBed();
    report = new ComplianceReportUseCase(bed.audit, bed.verify, bed.clock);
    const rec = (subject: string, data: Record<string, unknown> = sampleData(subject), t = time, org = orgId) => bed.record.execute(envelope(subject, data, { orgId: org, time: t }));
    await rec(EVENTS.requestReceived);
    await rec(EVENTS.requestReceived, { ...sampleData(EVENTS.requestReceived), status: 403 });
    await rec(EVENTS.adminChanged);
    await rec(EVENTS.adminChanged, { ...sampleData(EVENTS.adminChanged), action: 'key.created' });
    await rec(EVENTS.policyViolated);
    await rec(EVENTS.policyViolated, { ...sampleData(EVENTS.policyViolated), scanner: 'pii', action: 'redact', severity: 'medium' });
    await rec(EVENTS.approvalRequested);
    await rec(EVENTS.approvalDecided);
    await rec(EVENTS.credentialAccessed);
    await rec(EVENTS.privacyErasureRequested);
    await rec(EVENTS.privacyErasureCompleted);
    await rec(EVENTS.adminChanged, sampleData(EVENTS.adminChanged), '2026-04-01T00:00:00Z'); // after the period
    await rec(EVENTS.adminChanged, sampleData(EVENTS.adminChanged), time, 'someone-else'); // another org
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('counts the evidence of one org for the period and verifies its chain', async () => {
    const r = await report.execute({ orgId, from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z' });
    expect(r).toMatchObject({
      orgId,
      period: { from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' },
      entries: { total: 11 },
      accessChanges: { total: 2, byAction: { 'key.revoked': 1, 'key.created': 1 } },
      deniedRequests: 1,
      policyViolations: { total: 2, byScannerAndAction: { 'injection:block': 1, 'pii:redact': 1 }, blocked: 1, redacted: 1 },
      piiRedactions: 1,
      approvals: { requested: 1, approved: 0, denied: 1, expired: 0 },
      credentialAccess: { total: 1, byAction: { lease: 1 } },
      erasures: { requested: 1, completionsByService: { gateway: 1 } },
      auditChain: { ok: true, problem: null, entries: { verified: 12 } },
    });
  });

  it('renders as a self-contained HTML page and an A4 PDF with the same sections, figures and verdict', async () => {
    const r = await report.execute({ orgId, from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z', format: 'html' });
    const doc = complianceDocument(r);
    const html = renderComplianceHtml(doc);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|src=/);
    expect(html).toContain('Audit chain verified: 12 entries');
    const pdf = await renderCompliancePdf(doc, new Date(r.generatedAt));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    for (const s of doc.sections) {
      expect(html).toContain(`<h2>${s.title}</h2>`);
      expect(text).toContain(s.title);
    }
    for (const figure of ['key.revoked', 'injection:block', 'Completed by gateway']) {
      expect(html).toContain(figure);
      expect(text).toContain(figure);
    }
    // same report, same bytes: a reviewer can compare two downloads
    expect((await renderCompliancePdf(doc, new Date(r.generatedAt))).equals(pdf)).toBe(true);
  });

  it('escapes what comes from the audit trail and says loudly when the chain does not verify', async () => {
    const hostile = `org-<script>alert(1)</script>-${randomUUID().slice(0, 4)}`;
    await bed.record.execute(envelope(EVENTS.adminChanged, sampleData(EVENTS.adminChanged), { orgId: hostile, time }));
    await bed.record.execute(envelope(EVENTS.adminChanged, { ...sampleData(EVENTS.adminChanged), action: 'team.<b>deleted</b>' }, { orgId: hostile, time }));
    await sql(`UPDATE "${bed.schema}".audit_entries SET outcome = 'denied' WHERE org_id = $1 AND chain_seq = 1`, [hostile]);
    const r = await report.execute({ orgId: hostile, from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z' });
    expect(r.auditChain.ok).toBe(false);
    const doc = complianceDocument(r);
    const html = renderComplianceHtml(doc);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('class="verdict bad"');
    expect(html).toContain('Audit chain NOT verified: altered entry at sequence 1');
    const text = pdfText(await renderCompliancePdf(doc, new Date(r.generatedAt)));
    expect(text).toContain('Audit chain NOT verified');
  });

  it('refuses a period that ends before it starts', async () => {
    await expect(report.execute({ orgId, from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' })).rejects.toMatchObject({ details: [{ path: 'query.to' }] });
  });
});
