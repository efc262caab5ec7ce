import { Readable } from 'node:stream';
import { Controller, Get, Header, Query, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AdminKeyGuard, ApiErrorResponses } from '@ironcage/kit';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { recommendationsQuerySchema, RecommendationsUseCase } from './recommendations/recommendations.usecase';
import {
  exportQuerySchema,
  type Forecast,
  forecastQuerySchema,
  ledgerQuerySchema,
  ReportsUseCase,
  type SpendReport,
  spendQuerySchema,
  topQuerySchema,
} from './reports.usecase';

const usageSchema = z.object({
  requests: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  cachedInputTokens: z.number().int(),
  reasoningTokens: z.number().int(),
  costMicros: z.number().int().describe('Integer micro-USD, the exact sum of the ledger entries'),
  estimatedRequests: z.number().int().describe('Entries whose tokens the gateway counted itself'),
  unpricedRequests: z.number().int().describe('Entries for models without a price'),
});
const dimensionsSchema = z.record(z.string(), z.string().nullable());
const spendReportSchema = z.object({
  orgId: z.string(),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  granularity: z.string(),
  timezone: z.string(),
  groupBy: z.array(z.string()),
  rows: z.array(usageSchema.extend({ bucket: z.iso.datetime().nullable(), dimensions: dimensionsSchema })),
  total: usageSchema,
});
const topSchema = z.object({
  orgId: z.string(),
  by: z.string(),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  spenders: z.array(usageSchema.extend({ id: z.string().nullable() })),
});
const ledgerEntrySchema = z.object({
  seq: z.string(),
  requestId: z.string(),
  occurredAt: z.iso.datetime(),
  keyId: z.string(),
  userId: z.string().nullable(),
  teamId: z.string().nullable(),
  projectId: z.string().nullable(),
  agentId: z.string().nullable(),
  model: z.string(),
  provider: z.string(),
  deployment: z.string().nullable(),
  inputTokens: z.string(),
  outputTokens: z.string(),
  cachedInputTokens: z.string(),
  cacheWriteTokens: z.string(),
  reasoningTokens: z.string(),
  costMicros: z.string().describe('Integer micro-USD as a decimal string'),
  reservedMicros: z.string().nullable(),
  status: z.enum(['priced', 'unpriced']),
  estimated: z.boolean(),
  late: z.boolean().describe('Settled after its reservation had expired'),
});
const ledgerPageSchema = z.object({ entries: z.array(ledgerEntrySchema), nextCursor: z.string().nullable() });
const forecastSchema = z.object({
  orgId: z.string(),
  forecasts: z.array(
    z.object({
      budgetId: z.uuid(),
      name: z.string(),
      scope: z.object({ kind: z.string(), id: z.string(), model: z.string().optional() }),
      period: z.string(),
      limitMicros: z.number().int(),
      spentMicros: z.number().int(),
      reservedMicros: z.number().int(),
      periodEnd: z.iso.datetime().nullable(),
      lookbackDays: z.number().int(),
      runRateMicrosPerDay: z.number().int(),
      projectedPeriodEndMicros: z.number().int().nullable(),
      monthStart: z.iso.datetime(),
      monthEnd: z.iso.datetime(),
      monthToDateMicros: z.number().int(),
      projectedMonthEndMicros: z.number().int().describe('Month-to-date spend plus the run-rate until the end of the month (budget time zone)'),
      runOutAt: z.iso.datetime().nullable().describe('When the limit is reached at the run-rate; null when nothing is being spent'),
      willRunOutThisPeriod: z.boolean(),
    }),
  ),
});

const recommendationsSchema = z.object({
  orgId: z.string(),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  recommendations: z.array(
    z.object({
      kind: z.enum(['cheaper_model', 'prompt_caching']),
      scope: z.object({ kind: z.enum(['team', 'key']), id: z.string().nullable() }),
      provider: z.string(),
      model: z.string(),
      suggestion: z.string(),
      requests: z.number().int(),
      averageInputTokens: z.number().int(),
      averageOutputTokens: z.number().int(),
      currentMonthlyMicros: z.number().int(),
      estimatedMonthlySavingMicros: z.number().int().describe('Integer micro-USD per 30 days, at current prices'),
      rationale: z.string(),
    }),
  ),
});

class SpendQueryDto extends createZodDto(spendQuerySchema) {}
class RecommendationsQueryDto extends createZodDto(recommendationsQuerySchema) {}
class RecommendationsDto extends createZodDto(recommendationsSchema) {}
class TopQueryDto extends createZodDto(topQuerySchema) {}
class LedgerQueryDto extends createZodDto(ledgerQuerySchema) {}
class ExportQueryDto extends createZodDto(exportQuerySchema) {}
class ForecastQueryDto extends createZodDto(forecastQuerySchema) {}
class SpendReportDto extends createZodDto(spendReportSchema) {}
class TopDto extends createZodDto(topSchema) {}
class LedgerPageDto extends createZodDto(ledgerPageSchema) {}
class ForecastDto extends createZodDto(forecastSchema) {}

@ApiTags('reports')
@ApiBearerAuth()
@UseGuards(AdminKeyGuard)
@ApiErrorResponses()
@Controller('v1')
export class ReportsController {
  constructor(
    private readonly reports: ReportsUseCase,
    private readonly recommendations: RecommendationsUseCase,
  ) {}

  @Get('reports/spend')
  @ApiOperation({ summary: 'Spend and usage by hour/day/month and by team, project, user, key, agent, model, provider or deployment' })
  @ApiOkResponse({ type: SpendReportDto })
  spend(@Query() query: SpendQueryDto): Promise<SpendReport> {
    return this.reports.spend(query);
  }

  @Get('reports/top-spenders')
  @ApiOperation({ summary: 'The biggest spenders of one dimension in a window' })
  @ApiOkResponse({ type: TopDto })
  top(@Query() query: TopQueryDto) {
    return this.reports.top(query);
  }

  @Get('reports/forecast')
  @ApiOperation({ summary: 'Per budget: month-end and period-end projections from the recent run-rate, and the date the budget runs out' })
  @ApiOkResponse({ type: ForecastDto })
  @ApiErrorResponses(404)
  forecast(@Query() query: ForecastQueryDto): Promise<{ orgId: string; forecasts: Forecast[] }> {
    return this.reports.forecast(query);
  }

  @Get('reports/recommendations')
  @ApiOperation({ summary: 'Savings the ledger points at (cheaper model in the same family for short requests, prompt caching), each with its estimated monthly amount' })
  @ApiOkResponse({ type: RecommendationsDto })
  recommend(@Query() query: RecommendationsQueryDto) {
    return this.recommendations.execute(query);
  }

  @Get('ledger')
  @ApiOperation({ summary: 'Ledger entries (one per request) in recording order, a page at a time' })
  @ApiOkResponse({ type: LedgerPageDto })
  async ledger(@Query() query: LedgerQueryDto) {
    const page = await this.reports.ledger(query);
    return { ...page, entries: page.entries.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })) };
  }

  @Get('reports/ledger.csv')
  @ApiOperation({ summary: 'The ledger as CSV for chargeback, streamed (cost_micros exact; cost_usd with six decimals)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'text/csv, one row per request', schema: { type: 'string' } })
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="ledger.csv"')
  export(@Query() query: ExportQueryDto): StreamableFile {
    return new StreamableFile(Readable.from(this.reports.csv(query)), { type: 'text/csv; charset=utf-8' });
  }
}
