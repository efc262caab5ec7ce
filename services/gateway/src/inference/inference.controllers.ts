import { Body, Controller, Get, HttpCode, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, type Principal, VirtualKeyGuard } from '../auth';
import { ChatCompletionsUseCase } from '../hot-path/chat-completions.usecase';
import { EmbeddingsUseCase } from '../hot-path/embeddings.usecase';
import { ListModelsUseCase } from '../hot-path/list-models.usecase';
import { canonicalToAnthropicResponse } from '../providers';
import { AnthropicExceptionFilter, OpenAIExceptionFilter } from './dialect-exception.filters';
import { announceRequestId, anthropicFrames, clientGone, openAIFrames, sendJson, writeSse } from './http-io';
import {
  AnthropicMessageDto,
  AnthropicMessagesRequestDto,
  ApiAnthropicErrors,
  ApiOpenAIErrors,
  ChatCompletionDto,
  ChatCompletionRequestDto,
  EmbeddingsRequestDto,
  EmbeddingsResponseDto,
  ModelDto,
  ModelListDto,
} from './inference.dto';

/** The OpenAI-compatible API: point any OpenAI client's `base_url` at `<gateway>/v1` with a virtual key. */
@ApiTags('inference')
@ApiBearerAuth()
@UseFilters(OpenAIExceptionFilter)
@UseGuards(VirtualKeyGuard)
@ApiOpenAIErrors()
@Controller('v1')
export class OpenAIController {
  constructor(
    private readonly chat: ChatCompletionsUseCase,
    private readonly embeddings: EmbeddingsUseCase,
    private readonly models: ListModelsUseCase,
  ) {}

  @Post('chat/completions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Chat completion (OpenAI Chat Completions API): streaming, tools, JSON mode, stream_options.include_usage' })
  @ApiBody({ type: ChatCompletionRequestDto })
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({ type: ChatCompletionDto })
  async chatCompletions(@Body() body: unknown, @CurrentPrincipal() principal: Principal, @Res() reply: FastifyReply): Promise<void> {
    const signal = clientGone(reply);
    const requestId = announceRequestId(reply);
    const outcome = await this.chat.execute({ principal, body, dialect: 'openai', endpoint: '/v1/chat/completions', signal, requestId });
    if (!outcome.stream) return sendJson(reply, outcome.completion);
    await writeSse(reply, openAIFrames(outcome.chunks), outcome.requestId);
  }

  @Post('embeddings')
  @HttpCode(200)
  @ApiOperation({ summary: 'Embeddings (OpenAI Embeddings API)' })
  @ApiBody({ type: EmbeddingsRequestDto })
  @ApiOkResponse({ type: EmbeddingsResponseDto })
  async createEmbeddings(@Body() body: unknown, @CurrentPrincipal() principal: Principal, @Res() reply: FastifyReply): Promise<void> {
    const { response } = await this.embeddings.execute({ principal, body, endpoint: '/v1/embeddings', signal: clientGone(reply), requestId: announceRequestId(reply) });
    sendJson(reply, response);
  }

  @Get('models')
  @ApiOperation({ summary: 'The models (and aliases) this key may use' })
  @ApiOkResponse({ type: ModelListDto })
  listModels(@CurrentPrincipal() principal: Principal) {
    return this.models.list(principal, '/v1/models');
  }

  @Get('models/*')
  @ApiOperation({ summary: 'One model, if this key may use it (names may contain slashes: /v1/models/mock/gpt-4o-mini)' })
  @ApiParam({ name: 'path', type: String, description: 'The model name (it may contain slashes)' })
  @ApiOkResponse({ type: ModelDto })
  getModel(@Req() request: FastifyRequest, @CurrentPrincipal() principal: Principal) {
    return this.models.get(principal, (request.params as Record<string, string>)['*'], '/v1/models/{model}');
  }
}

/** The Anthropic Messages API, served by any provider: point an Anthropic client's `baseURL` at the gateway. */
@ApiTags('inference')
@ApiSecurity('x-api-key')
@ApiBearerAuth()
@UseFilters(AnthropicExceptionFilter)
@UseGuards(VirtualKeyGuard)
@ApiAnthropicErrors()
@Controller('v1')
export class AnthropicController {
  constructor(private readonly chat: ChatCompletionsUseCase) {}

  @Post('messages')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create a message (Anthropic Messages API), streaming too; the key goes in `x-api-key` or `Authorization: Bearer`' })
  @ApiBody({ type: AnthropicMessagesRequestDto })
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({ type: AnthropicMessageDto })
  async messages(@Body() body: unknown, @CurrentPrincipal() principal: Principal, @Res() reply: FastifyReply): Promise<void> {
    const signal = clientGone(reply);
    const requestId = announceRequestId(reply);
    const outcome = await this.chat.execute({ principal, body, dialect: 'anthropic', endpoint: '/v1/messages', signal, requestId });
    if (!outcome.stream) return sendJson(reply, canonicalToAnthropicResponse(outcome.completion, outcome.model));
    await writeSse(reply, anthropicFrames(outcome.chunks, outcome.model), outcome.requestId);
  }
}
