import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminKeyGuard, ApiErrorResponses } from '@ironcage/kit';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import {
  activatePolicySchema,
  effectiveQuerySchema,
  ManagePoliciesUseCase,
  scopeQuerySchema,
  uploadPolicySchema,
  validatePolicySchema,
  versionQuerySchema,
} from './manage-policies/manage-policies.usecase';

class UploadPolicyDto extends createZodDto(uploadPolicySchema) {}
class ValidatePolicyDto extends createZodDto(validatePolicySchema) {}
class ActivatePolicyDto extends createZodDto(activatePolicySchema) {}
class ScopeQueryDto extends createZodDto(scopeQuerySchema) {}
class VersionQueryDto extends createZodDto(versionQuerySchema) {}
class EffectiveQueryDto extends createZodDto(effectiveQuerySchema) {}
class OrgQueryDto extends createZodDto(z.object({ orgId: z.string().min(1).max(128) })) {}
class VersionParamDto extends createZodDto(z.object({ version: z.coerce.number().int().positive() })) {}

const documentSchema = z.record(z.string(), z.unknown()).describe('The validated document with every default filled in');
const versionViewSchema = z.object({
  orgId: z.string(),
  scope: z.string(),
  version: z.number().int(),
  sha256: z.string(),
  description: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.iso.datetime(),
  active: z.boolean(),
  yaml: z.string().optional(),
  document: documentSchema.optional(),
});
class PolicyVersionDto extends createZodDto(versionViewSchema) {}
class PolicyVersionsDto extends createZodDto(z.object({ versions: z.array(versionViewSchema) })) {}
class ValidatedDto extends createZodDto(z.object({ valid: z.literal(true), sha256: z.string(), document: documentSchema })) {}
class EffectiveDto extends createZodDto(z.object({ scope: z.string(), version: z.number().int(), document: documentSchema })) {}
class ActivePoliciesDto extends createZodDto(
  z.object({
    policies: z.array(z.object({ scope: z.string(), version: z.number().int(), sha256: z.string(), activatedAt: z.iso.datetime(), activatedBy: z.string().nullable() })),
  }),
) {}

@ApiTags('policies')
@ApiBearerAuth()
@UseGuards(AdminKeyGuard)
@Controller('v1/policies')
export class PoliciesController {
  constructor(private readonly policies: ManagePoliciesUseCase) {}

  @Post()
  @ApiOperation({
    summary: 'Upload a new version of a policy document (YAML) for an org, team or agent; invalid documents are refused with each field and line',
  })
  @ApiCreatedResponse({ type: PolicyVersionDto })
  @ApiErrorResponses()
  upload(@Body() body: UploadPolicyDto) {
    return this.policies.upload(body);
  }

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check a policy document without storing it' })
  @ApiOkResponse({ type: ValidatedDto })
  @ApiErrorResponses()
  validate(@Body() body: ValidatePolicyDto) {
    return this.policies.validate(body);
  }

  @Post('activate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make a stored version the active one (also a rollback); every replica applies it within a second' })
  @ApiOkResponse({ type: PolicyVersionDto })
  @ApiErrorResponses(404)
  activate(@Body() body: ActivatePolicyDto) {
    return this.policies.activate(body);
  }

  @Get()
  @ApiOperation({ summary: "The active version of each of an org's scopes" })
  @ApiOkResponse({ type: ActivePoliciesDto })
  @ApiErrorResponses()
  active(@Query() query: OrgQueryDto) {
    return this.policies.active(query);
  }

  @Get('effective')
  @ApiOperation({ summary: 'The policy a request of this team or agent gets now (agent, else team, else org, else the built-in default)' })
  @ApiOkResponse({ type: EffectiveDto })
  @ApiErrorResponses()
  effective(@Query() query: EffectiveQueryDto) {
    return this.policies.effective(query);
  }

  @Get('versions')
  @ApiOperation({ summary: 'Versions of one scope, newest first' })
  @ApiOkResponse({ type: PolicyVersionsDto })
  @ApiErrorResponses()
  versions(@Query() query: ScopeQueryDto) {
    return this.policies.versions(query);
  }

  @Get('versions/:version')
  @ApiOperation({ summary: 'One version with its YAML and validated document' })
  @ApiOkResponse({ type: PolicyVersionDto })
  @ApiErrorResponses(404)
  get(@Param() params: VersionParamDto, @Query() query: VersionQueryDto) {
    return this.policies.get(query, params.version);
  }
}
