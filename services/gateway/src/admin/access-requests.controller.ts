import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '@ironcage/kit';
import type { AccessRequestView } from '../access/access.views';
import { DecideAccessUseCase } from '../access/decide-access/decide-access.usecase';
import { QueryAccessRequestsUseCase } from '../access/query-access-requests/query-access-requests.usecase';
import { CurrentActor } from '../auth/current-principal.decorator';
import { AdminApiGuard } from '../auth/guards';
import type { Page } from '../persistence/page';
import type { Actor } from '../tenancy/actor';
import { AccessRequestDto, AccessRequestPageDto, AccessRequestParams, ApproveAccessBody, DenyAccessBody, ListAccessRequestsQueryDto, OrgParams } from './admin.dto';

@ApiTags('admin: access requests')
@ApiBearerAuth()
@UseGuards(AdminApiGuard)
@ApiErrorResponses(403, 404, 409)
@Controller('admin/v1/orgs/:orgId/access-requests')
export class AccessRequestsAdminController {
  constructor(
    private readonly query: QueryAccessRequestsUseCase,
    private readonly decide: DecideAccessUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Access requests of the teams the key may see (filter by team and status)' })
  @ApiOkResponse({ type: AccessRequestPageDto })
  list(@CurrentActor() actor: Actor, @Param() p: OrgParams, @Query() q: ListAccessRequestsQueryDto): Promise<Page<AccessRequestView>> {
    return this.query.listForAdmin(actor, p.orgId, q);
  }

  @Get(':requestId')
  @ApiOperation({ summary: 'An access request' })
  @ApiOkResponse({ type: AccessRequestDto })
  get(@CurrentActor() actor: Actor, @Param() p: AccessRequestParams): Promise<AccessRequestView> {
    return this.query.getForAdmin(actor, p.orgId, p.requestId);
  }

  @Post(':requestId/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve (team admin): the pattern is added to every layer that still refuses the model' })
  @ApiOkResponse({ type: AccessRequestDto })
  approve(@CurrentActor() actor: Actor, @Param() p: AccessRequestParams, @Body() body: ApproveAccessBody): Promise<AccessRequestView> {
    return this.decide.approve(actor, p.orgId, p.requestId, body);
  }

  @Post(':requestId/deny')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deny (team admin)' })
  @ApiOkResponse({ type: AccessRequestDto })
  deny(@CurrentActor() actor: Actor, @Param() p: AccessRequestParams, @Body() body: DenyAccessBody): Promise<AccessRequestView> {
    return this.decide.deny(actor, p.orgId, p.requestId, body);
  }
}
