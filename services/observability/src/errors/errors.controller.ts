import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminKeyGuard, ApiErrorResponses } from '@ironcage/kit';
import { ErrorGroupDetailDto, ErrorGroupDto, ErrorGroupPageDto, ErrorGroupQueryDto, ErrorOrgQueryDto, FingerprintPathDto, ListErrorsQueryDto } from './errors.dto';
import { type ErrorGroupView, type OccurrenceView, QueryErrorsUseCase } from './query-errors/query-errors.usecase';

@ApiTags('errors')
@ApiBearerAuth()
@UseGuards(AdminKeyGuard)
@ApiErrorResponses()
@Controller('v1/errors')
export class ErrorsController {
  constructor(private readonly errors: QueryErrorsUseCase) {}

  @Get()
  @ApiOperation({
    summary: "One organisation's error groups, most recently seen first",
    description: 'Unexpected failures of every service, grouped by fingerprint. Failures of the platform itself are under org `_platform`.',
  })
  @ApiOkResponse({ type: ErrorGroupPageDto })
  list(@Query() query: ListErrorsQueryDto): Promise<{ groups: ErrorGroupView[]; nextCursor: string | null }> {
    return this.errors.list(query);
  }

  @Get(':fingerprint')
  @ApiOperation({ summary: 'One error group with its latest occurrences and their trace ids' })
  @ApiErrorResponses(404)
  @ApiOkResponse({ type: ErrorGroupDetailDto })
  get(@Param() path: FingerprintPathDto, @Query() query: ErrorGroupQueryDto): Promise<ErrorGroupView & { occurrences: OccurrenceView[] }> {
    return this.errors.get(path, query);
  }

  @Post(':fingerprint/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark an error group resolved; an occurrence newer than its last one re-opens it' })
  @ApiErrorResponses(404)
  @ApiOkResponse({ type: ErrorGroupDto })
  resolve(@Param() path: FingerprintPathDto, @Query() query: ErrorOrgQueryDto): Promise<ErrorGroupView> {
    return this.errors.resolve(path, query);
  }
}
