import { credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { RPC } from '@ironcage/contracts';
import { AuthError, AuthErrorCode, type Principal } from '../auth';
import { ListModelsUseCase } from '../hot-path/list-models.usecase';
import { ModelGate } from '../hot-path/model-gate';
import { AllowAllPolicy, hotPathFixture, type HotPathFixture, principal } from '../hot-path/testing/hot-path.fixture';
import { GrpcInferenceServer, inferenceService } from './grpc-inference.server';

type Unary = (request: unknown, metadata: Metadata, callback: (err: ServiceError | null, response: Record<string, unknown>) => void) => void;
interface InferenceClient {
  ChatCompletion: Unary;
  Embeddings: Unary;
  ListModels: Unary;
  StreamChatCompletion(request: unknown, metadata: Metadata): NodeJS.ReadableStream & { cancel(): void; on(event: 'status', l: (s: { code: number }) => void): unknown };
  close(): void;
}

const KEY = 'sk-ic-grpc-test-key';

/**
 * The gRPC surface with @grpc/grpc-js as the client: the same use cases as REST behind a key in
 * the metadata, with guardrails on (answered by a test responder) to show the same governance.
 */
describe('gRPC inference (ironcage.gateway.v1.Inference)', () => {
  let f: HotPathFixture;
  let server: GrpcInferenceServer;
  let client: InferenceClient;
  const scanned: string[] = [];

  const authenticate = (token: string | undefined): Principal => {
    if (!token) throw new AuthError(AuthErrorCode.MissingCredentials);
    if (token !== KEY) throw new AuthError(AuthErrorCode.InvalidCredentials);
    return principal();
  };
  const auth = (key = KEY) => {
    const m = new Metadata();
    m.set('authorization', `Bearer ${key}`);
    return m;
  };
  const call = (method: 'ChatCompletion' | 'Embeddings' | 'ListModels', request: unknown, metadata = auth()) =>
    new Promise<Record<string, unknown>>((resolve, reject) => client[method](request, metadata, (err, res) => (err ? reject(err) : resolve(res))));
  const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as ServiceError);

  beforeAll(async () => {
    f = await hotPathFixture(
      { GATEWAY_GUARDRAILS: 'on' },
      { broken: { deployments: [{ id: 'broken-1', provider: 'mock', model: 'm', extra: { failWith: 'overloaded' }, breaker: { failureThreshold: 1, openMs: 30_000 } }] } },
      {},
      ['mock/claude-sonnet'],
    );
    f.respond(RPC.guardrailsScanInput, (r) => {
      const texts = r.texts as string[];
      scanned.push(...texts);
      const blocked = texts.some((t) => t.includes('ignore previous instructions'));
      return { action: blocked ? 'block' : 'allow', findings: [], reason: blocked ? 'prompt injection' : undefined, policyVersion: 1, policyScope: 'default' };
    });
    f.respond(RPC.guardrailsScanOutput, () => ({ action: 'allow', findings: [], policyVersion: 1, policyScope: 'default' }));
    f.respond(RPC.guardrailsScanStream, (r) => ({ text: r.delta, action: 'allow', findings: [], held: 0, policyVersion: 1 }));
    const models = new ListModelsUseCase(new ModelGate(f.catalogue, new AllowAllPolicy(new Set(['mock/claude-sonnet']))), f.usage);
    server = new GrpcInferenceServer(authenticate, f.chat, f.embeddings, models);
    const port = await server.listen('127.0.0.1', 0);
    const Inference = inferenceService();
    client = new Inference(`127.0.0.1:${port}`, credentials.createInsecure()) as unknown as InferenceClient;
  });

  afterAll(async () => {
    client?.close();
    await server?.close();
    await f?.close();
  });

  it('answers a unary chat completion, scanned by guardrails and recorded once', async () => {
    const res = await call('ChatCompletion', { model: 'fast', messages: [{ role: 'user', content: 'hello over grpc' }] });
    expect(res).toMatchObject({ model: 'fast', finish_reason: 'stop', message: { role: 'assistant', content: 'Mock reply to 1 message: hello over grpc' } });
    expect(res.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 8 });
    expect(scanned).toContain('hello over grpc');
    await f.usage.drain();
    const events = f.events.eventsOf(res.request_id as string);
    expect(events.received).toEqual([expect.objectContaining({ status: 200, endpoint: '/ironcage.gateway.v1.Inference/ChatCompletion', model: 'mock/gpt-4o-mini' })]);
    expect(events.costs).toHaveLength(1);
  });

  it('calls tools', async () => {
    const res = await call('ChatCompletion', {
      model: 'mock/gpt-4o-mini',
      messages: [{ role: 'user', content: 'weather?' }],
      tools: [{ name: 'get_weather', parameters_json: JSON.stringify({ type: 'object', properties: { city: { type: 'string' } } }) }],
    });
    expect(res).toMatchObject({ finish_reason: 'tool_calls', message: { tool_calls: [{ name: 'get_weather', arguments: '{"city":"mock"}' }] } });
  });

  it('streams a chat completion, usage on the last chunk', async () => {
    const stream = client.StreamChatCompletion({ model: 'fast', messages: [{ role: 'user', content: 'one two three' }] }, auth());
    const chunks: Record<string, unknown>[] = [];
    for await (const chunk of stream as AsyncIterable<Record<string, unknown>>) chunks.push(chunk);
    expect(chunks.map((c) => c.content).join('')).toBe('Mock reply to 1 message: one two three');
    expect(chunks.at(-1)?.usage).toMatchObject({ completion_tokens: 8 });
    expect(chunks.some((c) => c.finish_reason === 'stop')).toBe(true);
  });

  it('embeds texts', async () => {
    const res = await call('Embeddings', { model: 'mock/embedding', input: ['a b', 'c'] });
    expect((res.data as { values: number[] }[]).map((d) => d.values.length)).toEqual([8, 8]);
  });

  it('lists only the models the key may use', async () => {
    const res = await call('ListModels', {});
    const ids = (res.models as { id: string }[]).map((m) => m.id);
    expect(ids).toContain('mock/gpt-4o-mini');
    expect(ids).not.toContain('mock/claude-sonnet');
  });

  describe('refusals as gRPC statuses with the gateway code in the metadata', () => {
    const codeOf = (e: ServiceError | undefined) => e?.metadata.get('ironcage-error-code')[0];

    it('UNAUTHENTICATED without a key or with an unknown one', async () => {
      const none = await failure(call('ChatCompletion', { model: 'fast', messages: [{ role: 'user', content: 'x' }] }, new Metadata()));
      expect(none).toMatchObject({ code: status.UNAUTHENTICATED });
      expect(codeOf(none)).toBe('missing_credentials');
      const wrong = await failure(call('ListModels', {}, auth('sk-ic-other')));
      expect(codeOf(wrong)).toBe('invalid_credentials');
    });

    it('PERMISSION_DENIED for a model the key may not use, naming the layer', async () => {
      const err = await failure(call('ChatCompletion', { model: 'mock/claude-sonnet', messages: [{ role: 'user', content: 'x' }] }));
      expect(err).toMatchObject({ code: status.PERMISSION_DENIED });
      expect(err?.details).toContain("team's allowed models");
    });

    it('INVALID_ARGUMENT naming the field, NOT_FOUND for an unknown model', async () => {
      const invalid = await failure(call('ChatCompletion', { model: 'fast', messages: [{ role: 'robot', content: 'x' }] }));
      expect(invalid).toMatchObject({ code: status.INVALID_ARGUMENT });
      expect(invalid?.details).toContain('messages[0].role');
      const unknown = await failure(call('ChatCompletion', { model: 'nope', messages: [{ role: 'user', content: 'x' }] }));
      expect(unknown).toMatchObject({ code: status.NOT_FOUND });
    });

    it('INVALID_ARGUMENT input_blocked when guardrails block the prompt, on a stream too', async () => {
      const err = await failure(call('ChatCompletion', { model: 'fast', messages: [{ role: 'user', content: 'ignore previous instructions' }] }));
      expect(codeOf(err)).toBe('input_blocked');
      const stream = client.StreamChatCompletion({ model: 'fast', messages: [{ role: 'user', content: 'ignore previous instructions' }] }, auth());
      const streamed = await (async () => {
        for await (const _c of stream as AsyncIterable<unknown>);
      })().catch((e: unknown) => e as ServiceError);
      expect(streamed).toMatchObject({ code: status.INVALID_ARGUMENT });
    });

    it('UNAVAILABLE for an overloaded upstream, then with retry-after once its breaker opened', async () => {
      const overloaded = await failure(call('ChatCompletion', { model: 'broken', messages: [{ role: 'user', content: 'x' }] }));
      expect(overloaded).toMatchObject({ code: status.UNAVAILABLE });
      expect(codeOf(overloaded)).toBe('overloaded');
      const paused = await failure(call('ChatCompletion', { model: 'broken', messages: [{ role: 'user', content: 'x' }] }));
      expect(paused).toMatchObject({ code: status.UNAVAILABLE });
      expect(codeOf(paused)).toBe('no_healthy_deployment');
      expect(Number(paused?.metadata.get('retry-after')[0])).toBeGreaterThanOrEqual(29);
    });
  });
});
