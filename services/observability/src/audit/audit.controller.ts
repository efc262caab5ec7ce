import { Controller, Get, Query, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AdminKeyGuard, ApiErrorResponses } from '@ironcage/kit';
import { AuditExportQueryDto, AuditPageDto, AuditQueryDto, ChainVerificationDto, ComplianceReportDto, ComplianceReportQueryDto, VerifyChainQueryDto } from './audit.dto';
import { type ComplianceReport, ComplianceReportUseCase } from './compliance-report/compliance-report.usecase';
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
    summary: 'Compliance evidence (SOC 2 / HIPAA / GDPR) for one organisation and period, as JSON',
    description: 'Access changes, denials, guardrail decisions and PII redactions, approvals, credential access and erasures from the audit trail, with the verification of its hash chain.',
  })
  @ApiOkResponse({ type: ComplianceReportDto })
  report(@Query() query: ComplianceReportQueryDto): Promise<ComplianceReport> {
    return this.complianceReport.execute(query);
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
