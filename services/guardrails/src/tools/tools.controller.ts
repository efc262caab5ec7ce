import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { guardrailsAuthorizeToolRpc, principalSchema, RPC } from '@ironcage/contracts';
import { AdminKeyGuard, ApiErrorResponses } from '@ironcage/kit';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { asRpc } from '../common/rpc-errors';
import { type AuthorizeToolRequest, AuthorizeToolUseCase } from './authorize-tool/authorize-tool.usecase';

class AuthorizeToolDto extends createZodDto(
  z.object({
    orgId: z.string().min(1).max(128),
    requestId: z.string().min(1).max(128).optional().describe('Default: a new id'),
    principal: principalSchema.describe('Who wants to call the tool; team and agent select a more specific policy'),
    tool: z.string().min(1).max(256),
    arguments: z.record(z.string(), z.unknown()),
  }),
) {}
class ToolDecisionDto extends createZodDto(guardrailsAuthorizeToolRpc.response) {}

/** guardrails.authorize-tool over NATS, and the same decision over REST. */
@ApiTags('tools')
@Controller()
export class ToolsController {
  constructor(private readonly authorize: AuthorizeToolUseCase) {}

  @MessagePattern(RPC.guardrailsAuthorizeTool)
  rpc(@Payload() request: AuthorizeToolRequest) {
    return asRpc(() => this.authorize.execute(request));
  }

  @Post('v1/tools/authorize')
  @HttpCode(200)
  @UseGuards(AdminKeyGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'May this principal call this tool with these arguments? allow, deny (with every failed check) or require_approval' })
  @ApiOkResponse({ type: ToolDecisionDto })
  @ApiErrorResponses(503)
  rest(@Body() body: AuthorizeToolDto) {
    return this.authorize.execute({ ...body, requestId: body.requestId ?? randomUUID() });
  }
}
