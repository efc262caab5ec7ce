import { Body, Controller, Get, Param, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminKeyGuard, ApiErrorResponses } from '@ironcage/kit';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { orgIdSchema } from '../budgets/budget';
import { orgSettingsSchema, OrgSettingsUseCase } from './org-settings/org-settings.usecase';

class OrgParamDto extends createZodDto(z.object({ orgId: orgIdSchema })) {}
class OrgSettingsDto extends createZodDto(orgSettingsSchema) {}
class OrgSettingsViewDto extends createZodDto(
  z.object({ orgId: z.string(), unpricedPolicy: z.enum(['refuse', 'record_unpriced']), updatedAt: z.iso.datetime().nullable() }),
) {}

interface OrgSettingsView {
  orgId: string;
  unpricedPolicy: 'refuse' | 'record_unpriced';
  updatedAt: string | null;
}

@ApiTags('org settings')
@ApiBearerAuth()
@UseGuards(AdminKeyGuard)
@ApiErrorResponses()
@Controller('v1/orgs/:orgId/budget-settings')
export class OrgSettingsController {
  constructor(private readonly settings: OrgSettingsUseCase) {}

  @Get()
  @ApiOperation({ summary: "An org's budget settings (the defaults when it never set any)" })
  @ApiOkResponse({ type: OrgSettingsViewDto })
  async get(@Param() params: OrgParamDto): Promise<OrgSettingsView> {
    const s = await this.settings.get(params.orgId);
    return { ...s, updatedAt: s.updatedAt?.toISOString() ?? null };
  }

  @Put()
  @ApiOperation({ summary: 'Set what happens to requests for models without a price' })
  @ApiOkResponse({ type: OrgSettingsViewDto })
  async put(@Param() params: OrgParamDto, @Body() body: OrgSettingsDto): Promise<OrgSettingsView> {
    const s = await this.settings.put(params.orgId, body);
    return { ...s, updatedAt: s.updatedAt?.toISOString() ?? null };
  }
}
