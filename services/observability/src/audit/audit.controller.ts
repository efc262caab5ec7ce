import { Controller, Get, Query, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AdminKeyGuard, ApiErrorResponses } from '@ironcage/kit';
import { AuditExportQueryDto, AuditPageDto, AuditQueryDto, ChainVerificationDto, ComplianceReportDto, ComplianceReportQueryDto, VerifyChainQueryDto } from './audit.dto';
import { complianceDocument } from './compliance-report/compliance-document';
import { type ComplianceReport, ComplianceReportUseCase } from './compliance-report/compliance-report.usecase';
import { renderComplianceHtml } from './compliance-report/render-html';
import { renderCompliancePdf } from './compliance-report/render-pdf';
import { ExportEntriesUseCase } from './export-entries/export-entries.usecase';
import { type AuditPage, QueryEntriesUseCase } from './query-entries/query-entries.usecase';
import { type ChainVerification, VerifyChainUseCase } from './verify-chain/verify-chain.usecase';

@ApiTags('audit')
@ApiBearerAuth()
@UseGuards(AdminKeyGuard)
@ApiErrorResponses()
@Controller('v1/audit')
export class AuditController {
  constructor(
    private readonly queryEntries: QueryEntriesUseCase,
    private readonly exportEntries: ExportEntriesUseCase,
    private readonly verifyChain: VerifyChainUseCase,
    private readonly complianceReport: ComplianceReportUseCase,
  ) {}

  @Get('reports/compliance')
  @ApiOperation({
    summary: 'Compliance evidence (SOC 2 / HIPAA / GDPR) for one organisation and period, as JSON, HTML or PDF',
    description:
      'Access changes, denials, guardrail decisions and PII redactions, approvals, credential access and erasures from the audit trail, with the verification of its hash chain. `format=html` answers a self-contained printable page, `format=pdf` an A4 PDF, both laid out by the controls each section evidences.',
  })
  @ApiProduces('application/json', 'text/html', 'application/pdf')
  @ApiOkResponse({ type: ComplianceReportDto, description: 'The report (JSON), or its HTML or PDF rendering' })
  async report(@Query() query: ComplianceReportQueryDto): Promise<ComplianceReport | StreamableFile> {
    const report = await this.complianceReport.execute(query);
    const format = query.format ?? 'json';
    if (format === 'json') return report;
    const doc = complianceDocument(report);
    // org ids are free text: keep the file name to characters safe in a header
    const name = `compliance-${report.orgId.replace(/[^A-Za-z0-9._-]/g, '_')}-${report.period.from.slice(0, 10)}-${report.period.to.slice(0, 10)}`;
    if (format === 'html') return new StreamableFile(Buffer.from(renderComplianceHtml(doc)), { type: 'text/html; charset=utf-8', disposition: `inline; filename="${name}.html"` });
    return new StreamableFile(await renderCompliancePdf(doc, new Date(report.generatedAt)), { type: 'application/pdf', disposition: `attachment; filename="${name}.pdf"` });
  }

  @Get('entries')
  @ApiOperation({ summary: "Page through one organisation's audit entries, filtered by time, actor, action, resource, outcome, trace or free text" })
  @ApiOkResponse({ type: AuditPageDto })
  list(@Query() query: AuditQueryDto): Promise<AuditPage> {
    return this.queryEntries.execute(query);
  }

  @Get('export')
  @ApiOperation({
    summary: "Export one organisation's audit entries for a time range as JSONL or CSV",
    description: 'Streamed from a database cursor as it is read (chunked transfer), in chain order; the same filters as the listing apply.',
  })
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOkResponse({ description: 'The entries, one per line (JSONL) or row (CSV, with a header row)' })
  async export(@Query() query: AuditExportQueryDto): Promise<StreamableFile> {
    const out = await this.exportEntries.execute(query);
    return new StreamableFile(out.body, { type: out.contentType, disposition: `attachment; filename="${out.filename}"` });
  }

  @Get('verify')
  @ApiOperation({
    summary: "Verify one organisation's audit hash chain",
    description:
      'Walks the chain from its start (or its retention anchor) to its head and reports the first deleted, inserted or altered entry, and whether every signed checkpoint holds.',
  })
  @ApiOkResponse({ type: ChainVerificationDto })
  verify(@Query() query: VerifyChainQueryDto): Promise<ChainVerification> {
    return this.verifyChain.execute(query);
  }
}
