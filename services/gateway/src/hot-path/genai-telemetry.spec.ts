import { context, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Principal } from '../auth';
import { GEN_AI, genAiProviderName, ModelCallSpan } from './genai-telemetry';

const principal: Principal = { orgId: 'acme', keyId: 'key_1', teamId: 'team_1', projectId: 'proj_1', metadata: {}, tags: [] };
const deployment = { id: 'dep-1', provider: 'openai' as const, upstreamModel: 'gpt-4o-mini-2024' };

describe('ModelCallSpan', () => {
  const exporter = new InMemorySpanExporter();
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }));
  });
  beforeEach(() => exporter.reset());

  it('uses the GenAI attribute names of @opentelemetry/semantic-conventions', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the incubating entry point is read at run time only, to check the copies
    const incubating = require('@opentelemetry/semantic-conventions/incubating') as Record<string, string>;
    expect(GEN_AI).toEqual({
      operationName: incubating.ATTR_GEN_AI_OPERATION_NAME,
      providerName: incubating.ATTR_GEN_AI_PROVIDER_NAME,
      requestModel: incubating.ATTR_GEN_AI_REQUEST_MODEL,
      requestMaxTokens: incubating.ATTR_GEN_AI_REQUEST_MAX_TOKENS,
      requestStream: incubating.ATTR_GEN_AI_REQUEST_STREAM,
      responseModel: incubating.ATTR_GEN_AI_RESPONSE_MODEL,
      responseId: incubating.ATTR_GEN_AI_RESPONSE_ID,
      responseFinishReasons: incubating.ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
      usageInputTokens: incubating.ATTR_GEN_AI_USAGE_INPUT_TOKENS,
      usageOutputTokens: incubating.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
    });
    expect(genAiProviderName('bedrock')).toBe(incubating.GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK);
    expect(genAiProviderName('azure-openai')).toBe(incubating.GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI);
    expect(genAiProviderName('mock')).toBe('mock');
  });

  it('records a chat call as a client span, parent of the calls made inside it, with who it was for', async () => {
    const call = new ModelCallSpan({ operation: 'chat', model: 'fast', provider: 'openai', principal, requestId: 'req-1', maxTokens: 64, stream: false });
    await call.run(async () => trace.getTracer('t').startSpan('POST').end());
    call.answered(deployment, { id: 'chatcmpl-1', model: 'gpt-4o-mini-2024', choices: [{ finish_reason: 'stop' }] }, { inputTokens: 12, outputTokens: 5 });
    const [http, chat] = exporter.getFinishedSpans();
    expect(http.parentSpanContext?.spanId).toBe(chat.spanContext().spanId);
    expect(chat.name).toBe('chat fast');
    expect(chat.kind).toBe(SpanKind.CLIENT);
    expect(chat.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'fast',
      'gen_ai.request.max_tokens': 64,
      'gen_ai.request.stream': false,
      'gen_ai.response.model': 'gpt-4o-mini-2024',
      'gen_ai.response.id': 'chatcmpl-1',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 5,
      'ironcage.org_id': 'acme',
      'ironcage.team_id': 'team_1',
      'ironcage.project_id': 'proj_1',
      'ironcage.key_id': 'key_1',
      'ironcage.request_id': 'req-1',
      'ironcage.deployment_id': 'dep-1',
    });
  });

  it('ends a streamed call when the stream ends, with the finish reasons seen and the usage counted', async () => {
    const call = new ModelCallSpan({ operation: 'chat', model: 'fast', provider: 'openai', principal, requestId: 'req-2', stream: true });
    call.answered(deployment, undefined, undefined, true);
    async function* chunks() {
      yield { id: 'c1', choices: [{ finish_reason: null }] };
      yield { id: 'c1', choices: [{ finish_reason: 'length' }] };
    }
    for await (const _ of call.observe(chunks(), () => ({ inputTokens: 3, outputTokens: 9 })));
    const [chat] = exporter.getFinishedSpans();
    expect(chat.attributes).toMatchObject({ 'gen_ai.response.id': 'c1', 'gen_ai.response.finish_reasons': ['length'], 'gen_ai.usage.output_tokens': 9 });
  });

  it('marks a failed call with error.type', async () => {
    const call = new ModelCallSpan({ operation: 'embeddings', model: 'embed', provider: 'cohere', principal, requestId: 'req-3' });
    await expect(call.run(() => Promise.reject(Object.assign(new Error('429'), { code: 'rate_limited' })))).rejects.toThrow('429');
    const [span] = exporter.getFinishedSpans();
    expect(span.name).toBe('embeddings embed');
    expect(span.attributes['error.type']).toBe('rate_limited');
    expect(span.status.code).toBe(2);
  });
});
