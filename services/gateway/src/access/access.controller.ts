import { Body, Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '@ironcage/kit';
import type { FastifyReply } from 'fastify';
import { AccessRequestDto, AccessRequestPageDto, OwnAccessRequestParams, PageQuery, RequestAccessBody } from '../admin/admin.dto';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { VirtualKeyGuard } from '../auth/guards';
import type { Principal } from '../auth/principal';
import type { Page } from '../persistence/page';
import type { AccessRequestView } from './access.views';
import { QueryAccessRequestsUseCase } from './query-access-requests/query-access-requests.usecase';
import { RequestAccessUseCase } from './request-access/request-access.usecase';

/** Self-service for key holders: ask for a model, follow the answer. */
@ApiTags('access requests')
@ApiBearerAuth()
@UseGuards(VirtualKeyGuard)
@ApiErrorResponses(403, 404, 409)
@Controller('v1/access-requests')
export class AccessRequestsController {
  constructor(
    private readonly requestAccess: RequestAccessUseCase,
    private readonly query: QueryAccessRequestsUseCase,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Ask the team admins for a model this key may not call yet (200 with the pending request if one exists)' })
  @ApiCreatedResponse({ type: AccessRequestDto })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: RequestAccessBody, @Res({ passthrough: true }) reply: FastifyReply): Promise<AccessRequestView> {
    const { request, created } = await this.requestAccess.execute(principal, body);
    if (!created) void reply.status(200);
    return request;
  }

  @Get()
  @ApiOperation({ summary: "The caller's access requests (this key's, or its user's)" })
  @ApiOkResponse({ type: AccessRequestPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: PageQuery): Promise<Page<AccessRequestView>> {
    return this.query.listOwn(principal, query);
  }

  @Get(':requestId')
  @ApiOperation({ summary: 'One of the caller’s access requests' })
  @ApiOkResponse({ type: AccessRequestDto })
  get(@CurrentPrincipal() principal: Principal, @Param() p: OwnAccessRequestParams): Promise<AccessRequestView> {
    return this.query.getOwn(principal, p.requestId);
  }
}
