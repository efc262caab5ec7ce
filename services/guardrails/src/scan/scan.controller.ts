import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { guardrailsFindingSchema, principalSchema } from '@ironcage/contracts';
import { AdminKeyGuard, ApiErrorResponses } from '@ironcage/kit';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ScanTextsUseCase } from './scan-texts/scan-texts.usecase';

const scanBodySchema = z
  .object({
    orgId: z.string().min(1).max(128).describe("Whose policy applies"),
    requestId: z.string().min(1).max(128).optional().describe('Ties an output scan to the input scan whose tokens it restores (default: a new id)'),
    principal: principalSchema.optional().describe('Team and agent select a more specific policy'),
    direction: z.enum(['input', 'output']).default('input').describe('input: a prompt on its way to a model; output: an answer on its way back'),
    texts: z.array(z.string().max(1_000_000)).min(1).max(256).optional(),
    text: z.string().max(1_000_000).optional().describe('Shorthand for texts: [text]'),
    vaultToken: z.string().max(1_000_000).optional().describe('Output only: the vaultToken an input scan returned'),
    keepVault: z.boolean().optional().describe('Output only: keep the token vault for more output scans'),
  })
  .refine((b) => (b.texts === undefined) !== (b.text === undefined), { message: 'send exactly one of text or texts', path: ['texts'] });
class ScanBodyDto extends createZodDto(scanBodySchema) {}

class ScanResultDto extends createZodDto(
  z.object({
    requestId: z.string(),
    action: z.enum(['allow', 'redact', 'block', 'require_approval']),
    texts: z.array(z.string()).optional().describe('Redacted (output: also de-tokenised) texts; absent when blocked or unchanged'),
    findings: z.array(guardrailsFindingSchema),
    reason: z.string().optional(),
    policyVersion: z.number().int(),
    policyScope: z.string(),
    approvalId: z.string().optional(),
    vaultToken: z.string().optional(),
    failedOpen: z.boolean().optional(),
  }),
) {}

@ApiTags('scan')
@ApiBearerAuth()
@UseGuards(AdminKeyGuard)
@Controller('v1/scan')
export class ScanController {
  constructor(private readonly scan: ScanTextsUseCase) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: "Scan texts with the org's policy: prompt injection, PII and secrets; findings, the action taken and the redacted texts",
  })
  @ApiOkResponse({ type: ScanResultDto })
  @ApiErrorResponses(503)
  async run(@Body() body: ScanBodyDto) {
    const requestId = body.requestId ?? randomUUID();
    const common = { requestId, orgId: body.orgId, ...(body.principal ? { principal: body.principal } : {}), texts: body.texts ?? [body.text!] };
    const result =
      body.direction === 'input'
        ? await this.scan.execute('input', common)
        : await this.scan.execute('output', { ...common, ...(body.vaultToken ? { vaultToken: body.vaultToken } : {}), ...(body.keepVault ? { keepVault: true } : {}) });
    return { requestId, ...result };
  }
}
