import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminKeyGuard, ApiErrorResponses } from '@ironcage/kit';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { type AuditPage, QueryEntriesUseCase, queryEntriesSchema } from './query-entries/query-entries.usecase';

class AuditQueryDto extends createZodDto(queryEntriesSchema) {}

const auditPageSchema = z
  .object({
    entries: z.array(
      z.object({
        id: z.uuid(),
        orgId: z.string(),
        eventId: z.string(),
        action: z.string(),
        source: z.string(),
        occurredAt: z.iso.datetime(),
        recordedAt: z.iso.datetime(),
        traceId: z.string().nullable(),
        actor: z.record(z.string(), z.unknown()).nullable(),
        resource: z.string().nullable(),
        outcome: z.string().nullable(),
        data: z.record(z.string(), z.unknown()),
      }),
    ),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
  })
;
class AuditPageDto extends createZodDto(auditPageSchema) {}

@ApiTags('audit')
@ApiBearerAuth()
@UseGuards(AdminKeyGuard)
@ApiErrorResponses()
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly queryEntries: QueryEntriesUseCase) {}

  @Get('entries')
  @ApiOperation({ summary: "Page through one organisation's audit entries, filtered by trace, action or time" })
  @ApiOkResponse({ type: AuditPageDto })
  list(@Query() query: AuditQueryDto): Promise<AuditPage> {
    return this.queryEntries.execute(query);
  }
}
