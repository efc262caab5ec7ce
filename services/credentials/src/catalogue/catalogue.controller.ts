import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminKeyGuard, ApiErrorResponses } from '@ironcage/kit';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { CredentialsErrorCode, CredentialsException } from '../credentials.exception';
import { findProvider, PROVIDERS, type ProviderEntry } from './provider.catalogue';

const providerSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['llm', 'cloud']),
  credential: z.string(),
  create: z.enum(['api', 'manual']).describe('Keys can be created through an API, or only in the console'),
  revoke: z.enum(['api', 'manual']),
  automaticRotation: z.boolean().describe('Iron Cage rotates these keys itself; the others rotate by pasting a new key'),
  rotationApi: z.string(),
  providerConfig: z.array(z.string()),
  docs: z.string(),
});
class ProviderDto extends createZodDto(providerSchema) {}
class ProvidersDto extends createZodDto(z.object({ providers: z.array(providerSchema) })) {}
class ProviderParamDto extends createZodDto(z.object({ provider: z.string().min(1).max(64) })) {}

@ApiTags('providers')
@ApiBearerAuth()
@UseGuards(AdminKeyGuard)
@Controller('v1/credentials/providers')
export class CatalogueController {
  @Get()
  @ApiOperation({ summary: 'LLM and cloud providers, and whether their keys can be created and revoked through an API' })
  @ApiOkResponse({ type: ProvidersDto })
  @ApiErrorResponses()
  list(): { providers: readonly ProviderEntry[] } {
    return { providers: PROVIDERS };
  }

  @Get(':provider')
  @ApiOperation({ summary: 'One provider of the catalogue' })
  @ApiOkResponse({ type: ProviderDto })
  @ApiErrorResponses(404)
  get(@Param() params: ProviderParamDto): ProviderEntry {
    const p = findProvider(params.provider);
    if (!p) throw new CredentialsException(CredentialsErrorCode.ProviderNotFound, `Unknown provider ${params.provider}`);
    return p;
  }
}
