import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminKeyGuard, ApiErrorResponses } from '@ironcage/kit';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import {
  bindSchema,
  createCredentialSchema,
  credentialViewSchema,
  type CredentialView,
  deploymentParamSchema,
  idParamSchema,
  listQuerySchema,
  orgQuerySchema,
  revealSchema,
  updateCredentialSchema,
  versionsSchema,
  writeVersionSchema,
} from './credential.schemas';
import { ManageCredentialsUseCase } from './manage-credentials.usecase';

class CreateCredentialDto extends createZodDto(createCredentialSchema) {}
class UpdateCredentialDto extends createZodDto(updateCredentialSchema) {}
class WriteVersionDto extends createZodDto(writeVersionSchema) {}
class VersionsDto extends createZodDto(versionsSchema) {}
class RevealDto extends createZodDto(revealSchema) {}
class BindDto extends createZodDto(bindSchema) {}
class OrgQueryDto extends createZodDto(orgQuerySchema) {}
class ListQueryDto extends createZodDto(listQuerySchema) {}
class IdParamDto extends createZodDto(idParamSchema) {}
class DeploymentParamDto extends createZodDto(deploymentParamSchema) {}
class CredentialDto extends createZodDto(credentialViewSchema) {}
class CredentialPageDto extends createZodDto(z.object({ credentials: z.array(credentialViewSchema), next: z.string().nullable() })) {}
class RevealedDto extends createZodDto(z.object({ credentialId: z.uuid(), version: z.number().int(), value: z.string() })) {}
class BindingDto extends createZodDto(z.object({ deployment: z.string(), credentialId: z.uuid() })) {}
class BindingsDto extends createZodDto(z.object({ bindings: z.array(z.object({ deployment: z.string(), credentialId: z.uuid(), createdAt: z.string() })) })) {}

@ApiTags('credentials')
@ApiBearerAuth()
@UseGuards(AdminKeyGuard)
@Controller('v1/credentials')
export class CredentialsController {
  constructor(private readonly manage: ManageCredentialsUseCase) {}

  @Post()
  @ApiOperation({ summary: 'Store a new credential (its value is version 1); the response never holds the value' })
  @ApiCreatedResponse({ type: CredentialDto })
  @ApiErrorResponses(409)
  create(@Body() body: CreateCredentialDto): Promise<CredentialView> {
    return this.manage.create(body);
  }

  @Get()
  @ApiOperation({ summary: "List one organisation's credentials by name (metadata only)" })
  @ApiOkResponse({ type: CredentialPageDto })
  @ApiErrorResponses()
  list(@Query() query: ListQueryDto) {
    return this.manage.list(query);
  }

  @Get('bindings')
  @ApiOperation({ summary: 'Which credential serves which deployment' })
  @ApiOkResponse({ type: BindingsDto })
  @ApiErrorResponses()
  bindings(@Query() query: OrgQueryDto) {
    return this.manage.bindings(query.orgId);
  }

  @Put('bindings/:deployment')
  @ApiOperation({ summary: 'Bind a credential to a deployment: leases for the deployment hand out its current version' })
  @ApiOkResponse({ type: BindingDto })
  @ApiErrorResponses(404)
  bind(@Param() params: DeploymentParamDto, @Body() body: BindDto) {
    return this.manage.bind(params.deployment, body);
  }

  @Delete('bindings/:deployment')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove the binding of a deployment' })
  @ApiNoContentResponse()
  @ApiErrorResponses(404)
  unbind(@Param() params: DeploymentParamDto, @Query() query: OrgQueryDto): Promise<void> {
    return this.manage.unbind(query.orgId, params.deployment);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One credential with its versions (audited as a read; no value)' })
  @ApiOkResponse({ type: CredentialDto })
  @ApiErrorResponses(404)
  get(@Param() params: IdParamDto, @Query() query: OrgQueryDto): Promise<CredentialView> {
    return this.manage.get(query.orgId, params.id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change owner team, expiry, versions kept, rotation policy or provider settings' })
  @ApiOkResponse({ type: CredentialDto })
  @ApiErrorResponses(404)
  update(@Param() params: IdParamDto, @Body() body: UpdateCredentialDto): Promise<CredentialView> {
    return this.manage.update(params.id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a credential with every version and binding, for good' })
  @ApiNoContentResponse()
  @ApiErrorResponses(404)
  remove(@Param() params: IdParamDto, @Query() query: OrgQueryDto): Promise<void> {
    return this.manage.remove(query.orgId, params.id);
  }

  @Post(':id/versions')
  @ApiOperation({ summary: 'Write a new version and serve it at once (emergency replacement; use rotations to test first)' })
  @ApiCreatedResponse({ type: CredentialDto })
  @ApiErrorResponses(404, 409)
  write(@Param() params: IdParamDto, @Body() body: WriteVersionDto): Promise<CredentialView> {
    return this.manage.writeVersion(params.id, body);
  }

  @Post(':id/versions/delete')
  @HttpCode(204)
  @ApiOperation({ summary: 'Soft-delete versions (not the current one): unreadable until undeleted' })
  @ApiNoContentResponse()
  @ApiErrorResponses(404, 409)
  deleteVersions(@Param() params: IdParamDto, @Body() body: VersionsDto): Promise<void> {
    return this.manage.deleteVersions(params.id, body);
  }

  @Post(':id/versions/undelete')
  @HttpCode(204)
  @ApiOperation({ summary: 'Restore soft-deleted versions' })
  @ApiNoContentResponse()
  @ApiErrorResponses(404)
  undeleteVersions(@Param() params: IdParamDto, @Body() body: VersionsDto): Promise<void> {
    return this.manage.undeleteVersions(params.id, body);
  }

  @Post(':id/versions/destroy')
  @HttpCode(204)
  @ApiOperation({ summary: 'Destroy versions (not the current one): the value is gone for good' })
  @ApiNoContentResponse()
  @ApiErrorResponses(404, 409)
  destroyVersions(@Param() params: IdParamDto, @Body() body: VersionsDto): Promise<void> {
    return this.manage.destroyVersions(params.id, body);
  }

  @Post(':id/reveal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reveal a value: the only response that carries one. Admin only, a reason is required, audited before it answers' })
  @ApiOkResponse({ type: RevealedDto })
  @ApiErrorResponses(404)
  reveal(@Param() params: IdParamDto, @Body() body: RevealDto) {
    return this.manage.reveal(params.id, body);
  }
}
