import { Body, Controller, Delete, Get, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminKeyGuard, ApiErrorResponses } from '@ironcage/kit';
import {
  AlertListDto,
  ChannelDto,
  ChannelListDto,
  createChannelBodySchema,
  CreatedChannelDto,
  CreateRuleDto,
  CreateSilenceDto,
  DeliveryListDto,
  IdPathDto,
  ListAlertsQueryDto,
  ListDeliveriesQueryDto,
  OrgQueryDto,
  RuleDto,
  RuleListDto,
  SilenceDto,
  SilenceListDto,
  UpdateRuleDto,
} from './alerts.dto';
import { type ChannelView, ManageChannelsUseCase } from './channels/manage-channels.usecase';
import { type AlertView, type DeliveryView, QueryAlertsUseCase } from './query/query-alerts.usecase';
import { ManageRulesUseCase, type RuleView } from './rules/manage-rules.usecase';
import { ManageSilencesUseCase, type SilenceView } from './silences/manage-silences.usecase';

@ApiTags('alerts')
@ApiBearerAuth()
@UseGuards(AdminKeyGuard)
@ApiErrorResponses()
@Controller('v1/alerts/channels')
export class AlertChannelsController {
  constructor(private readonly channels: ManageChannelsUseCase) {}

  @Post()
  @ApiOperation({
    summary: 'Add a channel alerts are sent to: Slack, PagerDuty (Events API v2), e-mail (SMTP) or a signed webhook',
    description: 'Secrets (Slack URL, routing key, SMTP password, webhook signing secret) are stored sealed and never returned; the answer shows a masked hint.',
  })
  @ApiErrorResponses(409)
  @ApiBody({ schema: createChannelBodySchema })
  @ApiCreatedResponse({ type: CreatedChannelDto })
  create(@Body() body: unknown): Promise<ChannelView & { signingSecret?: string }> {
    return this.channels.create(body);
  }

  @Get()
  @ApiOperation({ summary: "An organisation's alert channels" })
  @ApiOkResponse({ type: ChannelListDto })
  async list(@Query() query: OrgQueryDto): Promise<{ channels: ChannelView[] }> {
    return { channels: await this.channels.list(query) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One alert channel' })
  @ApiErrorResponses(404)
  @ApiOkResponse({ type: ChannelDto })
  get(@Param() path: IdPathDto, @Query() query: OrgQueryDto): Promise<ChannelView> {
    return this.channels.get(path.id, query);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Remove an alert channel no rule uses any more' })
  @ApiErrorResponses(404, 409)
  @ApiOkResponse({ type: ChannelDto })
  remove(@Param() path: IdPathDto, @Query() query: OrgQueryDto): Promise<ChannelView> {
    return this.channels.remove(path.id, query);
  }
}

@ApiTags('alerts')
@ApiBearerAuth()
@UseGuards(AdminKeyGuard)
@ApiErrorResponses()
@Controller('v1/alerts/rules')
export class AlertRulesController {
  constructor(private readonly rules: ManageRulesUseCase) {}

  @Post()
  @ApiOperation({ summary: 'Add an alert rule: a count of matching events in a window, or the error rate of requests' })
  @ApiErrorResponses(409)
  @ApiCreatedResponse({ type: RuleDto })
  create(@Body() body: CreateRuleDto): Promise<RuleView> {
    return this.rules.create(body);
  }

  @Get()
  @ApiOperation({ summary: "An organisation's alert rules" })
  @ApiOkResponse({ type: RuleListDto })
  async list(@Query() query: OrgQueryDto): Promise<{ rules: RuleView[] }> {
    return { rules: await this.rules.list(query) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One alert rule' })
  @ApiErrorResponses(404)
  @ApiOkResponse({ type: RuleDto })
  get(@Param() path: IdPathDto, @Query() query: OrgQueryDto): Promise<RuleView> {
    return this.rules.get(path.id, query);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an alert rule (the fields given)' })
  @ApiErrorResponses(404, 409)
  @ApiOkResponse({ type: RuleDto })
  update(@Param() path: IdPathDto, @Query() query: OrgQueryDto, @Body() body: UpdateRuleDto): Promise<RuleView> {
    return this.rules.update(path.id, query, body);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete an alert rule; its open alerts resolve at the next evaluation' })
  @ApiErrorResponses(404)
  @ApiOkResponse({ type: RuleDto })
  remove(@Param() path: IdPathDto, @Query() query: OrgQueryDto): Promise<RuleView> {
    return this.rules.remove(path.id, query);
  }
}

@ApiTags('alerts')
@ApiBearerAuth()
@UseGuards(AdminKeyGuard)
@ApiErrorResponses()
@Controller('v1/alerts/silences')
export class AlertSilencesController {
  constructor(private readonly silences: ManageSilencesUseCase) {}

  @Post()
  @ApiOperation({ summary: 'Silence alerts of a rule and/or with given labels for a time: they are recorded, nobody is notified' })
  @ApiCreatedResponse({ type: SilenceDto })
  create(@Body() body: CreateSilenceDto): Promise<SilenceView> {
    return this.silences.create(body);
  }

  @Get()
  @ApiOperation({ summary: "An organisation's silences, past and present" })
  @ApiOkResponse({ type: SilenceListDto })
  async list(@Query() query: OrgQueryDto): Promise<{ silences: SilenceView[] }> {
    return { silences: await this.silences.list(query) };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'End a silence now' })
  @ApiErrorResponses(404)
  @ApiOkResponse({ type: SilenceDto })
  expire(@Param() path: IdPathDto, @Query() query: OrgQueryDto): Promise<SilenceView> {
    return this.silences.expire(path.id, query);
  }
}

@ApiTags('alerts')
@ApiBearerAuth()
@UseGuards(AdminKeyGuard)
@ApiErrorResponses()
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly query: QueryAlertsUseCase) {}

  @Get()
  @ApiOperation({ summary: "An organisation's alerts, newest first: firing, silenced or resolved" })
  @ApiOkResponse({ type: AlertListDto })
  list(@Query() query: ListAlertsQueryDto): Promise<{ alerts: AlertView[] }> {
    return this.query.alerts(query);
  }

  @Get('deliveries')
  @ApiOperation({ summary: 'Notifications sent or being sent, newest first; `status=failed` lists the dead letters with the reason' })
  @ApiOkResponse({ type: DeliveryListDto })
  deliveries(@Query() query: ListDeliveriesQueryDto): Promise<{ deliveries: DeliveryView[] }> {
    return this.query.deliveries(query);
  }
}
