import { Controller, Get, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminKeyGuard, ApiErrorResponses } from '@ironcage/kit';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { CredentialsErrorCode, CredentialsException } from '../credentials.exception';
import type { Kms } from '../crypto/kms';
import type { DataKeyRing } from '../store/postgres/data-key.ring';

export const DATA_KEY_RING = Symbol('DATA_KEY_RING');
export const KMS = Symbol('KMS');

class KekStatusDto extends createZodDto(
  z.object({ activeKekId: z.string(), dataKeys: z.array(z.object({ kekId: z.string(), dataKeys: z.number().int() })).describe('Data keys per wrapping KEK') }),
) {}
class RewrapDto extends createZodDto(
  z.object({ rewrapped: z.number().int(), failed: z.number().int().describe('Data keys that did not unwrap (their KEK is not configured, or tampered)'), remaining: z.number().int() }),
) {}

/** The built-in store's key-encryption-key rotation (see docs/credentials.md for the runbook). */
@ApiTags('kek')
@ApiBearerAuth()
@UseGuards(AdminKeyGuard)
@Controller('v1/credentials/admin/kek')
export class KekController {
  constructor(
    @Inject(DATA_KEY_RING) private readonly ring: DataKeyRing | null,
    @Inject(KMS) private readonly kms: Kms | null,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Which KEK is active and how many data keys each KEK wraps' })
  @ApiOkResponse({ type: KekStatusDto })
  @ApiErrorResponses(409)
  async status() {
    const ring = this.requireRing();
    return { activeKekId: this.kms!.activeKekId, dataKeys: await ring.countByKek() };
  }

  @Post('rewrap')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-wrap every data key with the active KEK (secrets are not re-encrypted); repeatable' })
  @ApiOkResponse({ type: RewrapDto })
  @ApiErrorResponses(409)
  rewrap() {
    return this.requireRing().rewrap();
  }

  private requireRing(): DataKeyRing {
    if (!this.ring) throw new CredentialsException(CredentialsErrorCode.KekRotationUnsupported, 'The Vault backend encrypts with Vault’s own keys: there is no KEK here');
    return this.ring;
  }
}
