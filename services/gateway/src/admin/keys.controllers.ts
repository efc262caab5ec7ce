import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '@ironcage/kit';
import { CurrentActor } from '../auth/current-principal.decorator';
import { AdminApiGuard } from '../auth/guards';
import { CreateKeyUseCase } from '../keys/create-key/create-key.usecase';
import type { CreatedKey, KeyView } from '../keys/keys.views';
import { QueryKeysUseCase } from '../keys/query-keys/query-keys.usecase';
import { RevokeKeyUseCase } from '../keys/revoke-key/revoke-key.usecase';
import { RotateKeyUseCase } from '../keys/rotate-key/rotate-key.usecase';
import { UpdateKeyUseCase } from '../keys/update-key/update-key.usecase';
import type { Page } from '../persistence/page';
import type { Actor } from '../tenancy/actor';
import {
  CreateAdminKeyBody,
  CreatedKeyDto,
  CreateVirtualKeyBody,
  KeyDto,
  KeyPageDto,
  KeyParams,
  ListAdminKeysQueryDto,
  ListKeysQueryDto,
  OrgParams,
  RotateKeyBody,
  UpdateKeyBody,
} from './admin.dto';

@ApiTags('admin: virtual keys')
@ApiBearerAuth()
@UseGuards(AdminApiGuard)
@ApiErrorResponses(403, 404, 409)
@Controller('admin/v1/orgs/:orgId/keys')
export class KeysController {
  constructor(
    private readonly createKey: CreateKeyUseCase,
    private readonly queryKeys: QueryKeysUseCase,
    private readonly updateKey: UpdateKeyUseCase,
    private readonly revokeKey: RevokeKeyUseCase,
    private readonly rotateKey: RotateKeyUseCase,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Issue a virtual key (sk-ic-…) for a user, team or project; the secret is in this response only' })
  @ApiCreatedResponse({ type: CreatedKeyDto })
  create(@CurrentActor() actor: Actor, @Param() p: OrgParams, @Body() body: CreateVirtualKeyBody): Promise<CreatedKey> {
    return this.createKey.createVirtual(actor, p.orgId, body);
  }

  @Get()
  @ApiOperation({ summary: 'Virtual keys the admin key may see (never their secrets)' })
  @ApiOkResponse({ type: KeyPageDto })
  list(@CurrentActor() actor: Actor, @Param() p: OrgParams, @Query() query: ListKeysQueryDto): Promise<Page<KeyView>> {
    return this.queryKeys.list(actor, p.orgId, 'virtual', query);
  }

  @Get(':keyId')
  @ApiOperation({ summary: 'A virtual key' })
  @ApiOkResponse({ type: KeyDto })
  get(@CurrentActor() actor: Actor, @Param() p: KeyParams): Promise<KeyView> {
    return this.queryKeys.get(actor, p.orgId, 'virtual', p.keyId);
  }

  @Patch(':keyId')
  @ApiOperation({ summary: "Change a key's name, allowed models, metadata, tags or expiry" })
  @ApiOkResponse({ type: KeyDto })
  update(@CurrentActor() actor: Actor, @Param() p: KeyParams, @Body() body: UpdateKeyBody): Promise<KeyView> {
    return this.updateKey.execute(actor, p.orgId, p.keyId, body);
  }

  @Post(':keyId/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a key for good: every gateway replica refuses it within a second (idempotent)' })
  @ApiOkResponse({ type: KeyDto })
  revoke(@CurrentActor() actor: Actor, @Param() p: KeyParams): Promise<KeyView> {
    return this.revokeKey.execute(actor, p.orgId, 'virtual', p.keyId);
  }

  @Post(':keyId/rotate')
  @ApiOperation({ summary: 'Replace a key with a new secret and the same settings; the old one is revoked or expires after a grace period' })
  @ApiCreatedResponse({ type: CreatedKeyDto })
  rotate(@CurrentActor() actor: Actor, @Param() p: KeyParams, @Body() body: RotateKeyBody): Promise<CreatedKey> {
    return this.rotateKey.execute(actor, p.orgId, 'virtual', p.keyId, body);
  }
}

@ApiTags('admin: admin keys')
@ApiBearerAuth()
@UseGuards(AdminApiGuard)
@ApiErrorResponses(403, 404, 409)
@Controller('admin/v1/orgs/:orgId/admin-keys')
export class AdminKeysController {
  constructor(
    private readonly createKey: CreateKeyUseCase,
    private readonly queryKeys: QueryKeysUseCase,
    private readonly revokeKey: RevokeKeyUseCase,
    private readonly rotateKey: RotateKeyUseCase,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Issue an org-scoped admin key (sk-ic-admin-…) acting with a user’s roles (org-wide owner); the secret is in this response only' })
  @ApiCreatedResponse({ type: CreatedKeyDto })
  create(@CurrentActor() actor: Actor, @Param() p: OrgParams, @Body() body: CreateAdminKeyBody): Promise<CreatedKey> {
    return this.createKey.createAdmin(actor, p.orgId, body);
  }

  @Get()
  @ApiOperation({ summary: 'Admin keys: all for org-wide owners, else the caller’s own' })
  @ApiOkResponse({ type: KeyPageDto })
  list(@CurrentActor() actor: Actor, @Param() p: OrgParams, @Query() query: ListAdminKeysQueryDto): Promise<Page<KeyView>> {
    return this.queryKeys.list(actor, p.orgId, 'admin', query);
  }

  @Get(':keyId')
  @ApiOperation({ summary: 'An admin key' })
  @ApiOkResponse({ type: KeyDto })
  get(@CurrentActor() actor: Actor, @Param() p: KeyParams): Promise<KeyView> {
    return this.queryKeys.get(actor, p.orgId, 'admin', p.keyId);
  }

  @Post(':keyId/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an admin key (idempotent)' })
  @ApiOkResponse({ type: KeyDto })
  revoke(@CurrentActor() actor: Actor, @Param() p: KeyParams): Promise<KeyView> {
    return this.revokeKey.execute(actor, p.orgId, 'admin', p.keyId);
  }

  @Post(':keyId/rotate')
  @ApiOperation({ summary: 'Replace an admin key with a new secret' })
  @ApiCreatedResponse({ type: CreatedKeyDto })
  rotate(@CurrentActor() actor: Actor, @Param() p: KeyParams, @Body() body: RotateKeyBody): Promise<CreatedKey> {
    return this.rotateKey.execute(actor, p.orgId, 'admin', p.keyId, body);
  }
}
