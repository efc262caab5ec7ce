import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminKeyGuard, ApiErrorResponses } from '@ironcage/kit';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { idParamSchema, orgQuerySchema } from '../credentials/credential.schemas';
import { type RotationView, StartRotationUseCase, startRotationSchema } from './start-rotation.usecase';

const rotationSchema = z.object({
  rotationId: z.uuid(),
  credentialId: z.uuid(),
  mode: z.enum(['automatic', 'manual']),
  stage: z.enum(['started', 'pending-created', 'tested', 'promoted', 'revoked', 'completed', 'aborted']),
  fromVersion: z.number().int().nullable(),
  pendingVersion: z.number().int().nullable(),
  startedAt: z.string(),
  promotedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  outcome: z.string().nullable(),
  error: z.string().nullable(),
});
class StartRotationDto extends createZodDto(startRotationSchema) {}
class OrgQueryDto extends createZodDto(orgQuerySchema) {}
class OrgBodyDto extends createZodDto(orgQuerySchema) {}
class IdParamDto extends createZodDto(idParamSchema) {}
class RotationParamDto extends createZodDto(idParamSchema.extend({ rotationId: z.uuid() })) {}
class RotationDto extends createZodDto(rotationSchema) {}
class RotationsDto extends createZodDto(z.object({ rotations: z.array(rotationSchema) })) {}

@ApiTags('rotations')
@ApiBearerAuth()
@UseGuards(AdminKeyGuard)
@Controller('v1/credentials/:id/rotations')
export class RotationsController {
  constructor(private readonly rotations: StartRotationUseCase) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Rotate: through the provider API, or with a pasted key (`value`); runs create → test → promote → revoke in a workflow',
  })
  @ApiAcceptedResponse({ type: RotationDto })
  @ApiErrorResponses(404, 409)
  start(@Param() params: IdParamDto, @Body() body: StartRotationDto): Promise<RotationView> {
    return this.rotations.start(params.id, body);
  }

  @Get()
  @ApiOperation({ summary: 'The latest rotations of a credential' })
  @ApiOkResponse({ type: RotationsDto })
  @ApiErrorResponses(404)
  list(@Param() params: IdParamDto, @Query() query: OrgQueryDto) {
    return this.rotations.list(query.orgId, params.id);
  }

  @Get(':rotationId')
  @ApiOperation({ summary: 'One rotation and the stage it reached' })
  @ApiOkResponse({ type: RotationDto })
  @ApiErrorResponses(404)
  get(@Param() params: RotationParamDto, @Query() query: OrgQueryDto): Promise<RotationView> {
    return this.rotations.get(query.orgId, params.id, params.rotationId);
  }

  @Post(':rotationId/resume')
  @HttpCode(202)
  @ApiOperation({ summary: 'Run the stages of an unfinished rotation again (after its workflow failed); done stages are skipped' })
  @ApiAcceptedResponse({ type: RotationDto })
  @ApiErrorResponses(404)
  resume(@Param() params: RotationParamDto, @Body() body: OrgBodyDto): Promise<RotationView> {
    return this.rotations.resume(body.orgId, params.id, params.rotationId);
  }
}
