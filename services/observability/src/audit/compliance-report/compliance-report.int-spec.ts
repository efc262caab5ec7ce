import { randomUUID } from 'node:crypto';
import { EVENTS } from '@ironcage/contracts';
import { envelope, sampleData } from '../../testing/audit-fixtures';
import { auditTestBed, type AuditTestBed } from '../../testing/audit-test-bed';
import { ComplianceReportUseCase } from './compliance-report.usecase';

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

  it('refuses a period that ends before it starts', async () => {
    await expect(report.execute({ orgId, from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' })).rejects.toMatchObject({ details: [{ path: 'query.to' }] });
  });
});
