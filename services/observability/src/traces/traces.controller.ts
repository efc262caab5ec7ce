import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AdminKeyGuard, ApiErrorResponses } from '@ironcage/kit';
import { GetTraceUseCase, type TraceView } from './query-traces/get-trace.usecase';
import { ListTracesUseCase, type TraceSummaryView } from './query-traces/list-traces.usecase';
import { GetTraceQueryDto, ListTracesQueryDto, TraceDto, TraceListDto } from './traces.dto';

@ApiTags('traces')
@ApiBearerAuth()
@UseGuards(AdminKeyGuard)
@ApiErrorResponses()
@Controller('v1/traces')
export class TracesController {
  constructor(
    private readonly getTrace: GetTraceUseCase,
    private readonly listTraces: ListTracesUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: "An organisation's recent traces, newest first, filtered by service and model", description: 'Each with its root span, duration, span and service counts.' })
  @ApiOkResponse({ type: TraceListDto })
  list(@Query() query: ListTracesQueryDto): Promise<{ traces: TraceSummaryView[] }> {
    return this.listTraces.execute(query);
  }

  @Get(':traceId')
  @ApiOperation({
    summary: 'One trace as a tree of spans',
    description: 'The whole trace (every service it passed through), provided at least one of its spans carries `ironcage.org_id` = orgId; otherwise 404.',
  })
  @ApiParam({ name: 'traceId', description: '32 lower-case hex digits' })
  @ApiOkResponse({ type: TraceDto })
  get(@Param('traceId') traceId: string, @Query() query: GetTraceQueryDto): Promise<TraceView> {
    return this.getTrace.execute({ traceId, orgId: query.orgId });
  }
}
