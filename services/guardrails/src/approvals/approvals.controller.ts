import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { approvalStatusSchema, guardrailsApprovalStatusRpc, RPC, type RpcRequest } from '@ironcage/contracts';
import { AdminKeyGuard, ApiErrorResponses } from '@ironcage/kit';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { asRpc } from '../common/rpc-errors';
import { ApprovalsService, decideSchema, listApprovalsSchema } from './approvals.service';

class DecideDto extends createZodDto(decideSchema) {}
class ListApprovalsDto extends createZodDto(listApprovalsSchema) {}
class ApprovalParamDto extends createZodDto(z.object({ approvalId: z.string().min(1).max(128) })) {}
class ApprovalQueryDto extends createZodDto(
  z.object({
    orgId: z.string().min(1).max(128),
    waitMs: z.coerce.number().int().min(0).max(25_000).default(0).describe('Answer as soon as a pending approval is decided, or after this long'),
  }),
) {}
const approvalViewSchema = z.object({
  approvalId: z.string(),
  orgId: z.string(),
  kind: z.enum(['tool', 'prompt']),
  tool: z.string().nullable(),
  requestId: z.string().nullable(),
  principal: z.record(z.string(), z.string()).nullable(),
  risk: z.string(),
  reason: z.string(),
  argumentsPreview: z.string().nullable().describe('Arguments with secrets and PII replaced by placeholders'),
  approvers: z.array(z.string()).nullable(),
  status: approvalStatusSchema,
  requestedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  decidedBy: z.string().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  comment: z.string().nullable(),
});
class ApprovalDto extends createZodDto(approvalViewSchema) {}
class ApprovalsDto extends createZodDto(z.object({ approvals: z.array(approvalViewSchema) })) {}

@ApiTags('approvals')
@Controller()
export class ApprovalsController {
  constructor(private readonly approvals: ApprovalsService) {}

  @MessagePattern(RPC.guardrailsApprovalStatus)
  statusRpc(@Payload() request: RpcRequest<typeof guardrailsApprovalStatusRpc>) {
    return asRpc(() => this.approvals.status(request.orgId, request.approvalId, request.waitMs));
  }

  @Get('v1/approvals')
  @UseGuards(AdminKeyGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: "An org's held actions, newest first (filter pending ones to find what awaits a decision)" })
  @ApiOkResponse({ type: ApprovalsDto })
  @ApiErrorResponses()
  list(@Query() query: ListApprovalsDto) {
    return this.approvals.list(query);
  }

  @Get('v1/approvals/:approvalId')
  @UseGuards(AdminKeyGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'One held action and its decision; with waitMs, long-polls until it is decided' })
  @ApiOkResponse({ type: ApprovalDto })
  @ApiErrorResponses(404)
  async get(@Param() params: ApprovalParamDto, @Query() query: ApprovalQueryDto) {
    if (query.waitMs > 0) await this.approvals.status(query.orgId, params.approvalId, query.waitMs);
    return this.approvals.get(query.orgId, params.approvalId);
  }

  @Post('v1/approvals/:approvalId/approve')
  @HttpCode(200)
  @UseGuards(AdminKeyGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Approve a held action: the workflow completes and the caller proceeds; recorded with the approver' })
  @ApiOkResponse({ type: ApprovalDto })
  @ApiErrorResponses(403, 404, 409)
  approve(@Param() params: ApprovalParamDto, @Body() body: DecideDto) {
    return this.approvals.decide(params.approvalId, 'approved', body);
  }

  @Post('v1/approvals/:approvalId/deny')
  @HttpCode(200)
  @UseGuards(AdminKeyGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Deny a held action: the workflow fails and the caller must not proceed; recorded with the approver' })
  @ApiOkResponse({ type: ApprovalDto })
  @ApiErrorResponses(403, 404, 409)
  deny(@Param() params: ApprovalParamDto, @Body() body: DecideDto) {
    return this.approvals.decide(params.approvalId, 'denied', body);
  }
}
