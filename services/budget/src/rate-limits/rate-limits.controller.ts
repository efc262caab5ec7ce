import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminKeyGuard, ApiErrorResponses } from '@ironcage/kit';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { orgIdSchema } from '../budgets/budget';
import { createRateLimitSchema, ManageRateLimitsUseCase, updateRateLimitSchema } from './manage-rate-limits/manage-rate-limits.usecase';
import type { RateLimitView } from './rate-limit.repository';

const rateLimitViewSchema = z.object({
  id: z.uuid(),
  orgId: z.string(),
  scope: z.object({ kind: z.string(), id: z.string() }),
  metric: z.enum(['requests', 'tokens']),
  perMinute: z.number().int(),
  burst: z.number().int(),
  createdAt: z.iso.datetime(),
});
class CreateRateLimitDto extends createZodDto(createRateLimitSchema) {}
class UpdateRateLimitDto extends createZodDto(updateRateLimitSchema) {}
class OrgQueryDto extends createZodDto(z.object({ orgId: orgIdSchema })) {}
class IdParamDto extends createZodDto(z.object({ id: z.uuid() })) {}
class RateLimitDto extends createZodDto(rateLimitViewSchema) {}
class RateLimitListDto extends createZodDto(z.object({ rateLimits: z.array(rateLimitViewSchema) })) {}

@ApiTags('rate limits')
@ApiBearerAuth()
@UseGuards(AdminKeyGuard)
@ApiErrorResponses()
@Controller('v1/rate-limits')
export class RateLimitsController {
  constructor(private readonly rateLimits: ManageRateLimitsUseCase) {}

  @Post()
  @ApiOperation({ summary: 'Limit requests or tokens per minute on a key, user, team, project, agent or org' })
  @ApiCreatedResponse({ type: RateLimitDto })
  @ApiErrorResponses(409)
  create(@Body() body: CreateRateLimitDto): Promise<RateLimitView> {
    return this.rateLimits.create(body);
  }

  @Get()
  @ApiOperation({ summary: "List an org's rate limits" })
  @ApiOkResponse({ type: RateLimitListDto })
  async list(@Query() query: OrgQueryDto): Promise<{ rateLimits: RateLimitView[] }> {
    return { rateLimits: await this.rateLimits.list(query.orgId) };
  }

  @Put(':id')
  @ApiOperation({ summary: "Change a rate limit's rate and burst" })
  @ApiOkResponse({ type: RateLimitDto })
  @ApiErrorResponses(404)
  update(@Param() params: IdParamDto, @Query() query: OrgQueryDto, @Body() body: UpdateRateLimitDto): Promise<RateLimitView> {
    return this.rateLimits.update(query.orgId, params.id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a rate limit' })
  @ApiNoContentResponse()
  @ApiErrorResponses(404)
  async remove(@Param() params: IdParamDto, @Query() query: OrgQueryDto): Promise<void> {
    await this.rateLimits.delete(query.orgId, params.id);
  }
}
