import { Body, Controller, Delete, Get, Param, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminKeyGuard, ApiErrorResponses } from '@ironcage/kit';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ManageRetentionUseCase, type RetentionView, retentionPathSchema, setRetentionSchema } from './manage-retention.usecase';

class RetentionPathDto extends createZodDto(retentionPathSchema) {}
class SetRetentionDto extends createZodDto(setRetentionSchema) {}
class RetentionDto extends createZodDto(
  z.object({
    orgId: z.string(),
    retentionDays: z.number().int(),
    source: z.enum(['org', 'default']).describe('`default`: the org has no setting of its own and AUDIT_RETENTION_DAYS applies'),
    updatedAt: z.iso.datetime().nullable(),
  }),
) {}

@ApiTags('audit')
@ApiBearerAuth()
@UseGuards(AdminKeyGuard)
@ApiErrorResponses()
@Controller('v1/audit/retention')
export class RetentionController {
  constructor(private readonly retention: ManageRetentionUseCase) {}

  @Get(':orgId')
  @ApiOperation({ summary: "How long an organisation's audit entries are kept" })
  @ApiOkResponse({ type: RetentionDto })
  get(@Param() path: RetentionPathDto): Promise<RetentionView> {
    return this.retention.get(path.orgId);
  }

  @Put(':orgId')
  @ApiOperation({ summary: "Set how long an organisation's audit entries are kept (recorded in its audit trail as admin.changed)" })
  @ApiOkResponse({ type: RetentionDto })
  set(@Param() path: RetentionPathDto, @Body() body: SetRetentionDto): Promise<RetentionView> {
    return this.retention.set(path.orgId, body);
  }

  @Delete(':orgId')
  @ApiOperation({ summary: 'Drop the organisation’s own retention, so AUDIT_RETENTION_DAYS applies again' })
  @ApiErrorResponses(404)
  @ApiOkResponse({ type: RetentionDto })
  clear(@Param() path: RetentionPathDto): Promise<RetentionView> {
    return this.retention.clear(path.orgId);
  }
}
