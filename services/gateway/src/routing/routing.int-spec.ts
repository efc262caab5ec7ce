import { OpenAIFake } from '../../test/fakes/openai.fake';
import { buildCatalogue } from '../catalogue/load-catalogue';
import type { ModelCatalogue, RoutedDeployment } from '../catalogue/model-catalogue';
import { type ChatCompletionChunk, type ChatCompletionRequest, ConfigCredentialSource, ProviderError, ProviderRegistry } from '../providers';
import { type AttemptOutcome, Router } from './router';
import { UpstreamSwitch } from './testing/upstream-switch';

const KEY = 'sk-routing-test-0123456789';
const request: ChatCompletionRequest = { model: 'gpt', messages: [{ role: 'user', content: 'hello there' }] };

/**
 * The router with the real adapters against local OpenAI fakes: one upstream is killed (its port
 * closes) or slowed, and calls must fall back, open its breaker, and probe it back in.
 */
describe('routing against real upstreams', () => {
  let primary: OpenAIFake;
  let secondary: OpenAIFake;
  let sw: UpstreamSwitch;
  let registry: ProviderRegistry;
  let catalogue: ModelCatalogue;
  let router: Router;
  let outcomes: string[];
  let transitions: string[];

  const chat = (model = 'gpt') =>
    router.call(catalogue.resolve(model)!, (d, adapter, ctx) => adapter.chat(request, d, ctx), { deadline: Date.now() + 10_000 });

  beforeAll(async () => {
    primary = await new OpenAIFake({ apiKey: KEY }).start();
    secondary = await new OpenAIFake({ apiKey: KEY }).start();
    sw = await UpstreamSwitch.inFrontOf(primary.url);
    catalogue = buildCatalogue(
      {
        builtins: false,
        models: {
          gpt: {
            deployments: [
              { id: 'primary', provider: 'openai', model: 'gpt-4o-mini', baseUrl: `${sw.url}/v1`, weight: 1, breaker: { failureThreshold: 2, openMs: 400 }, timeouts: { firstByteMs: 250 } },
              { id: 'secondary', provider: 'openai', model: 'gpt-4o-mini', baseUrl: `${secondary.url}/v1`, weight: 0 },
            ],
          },
        },
      },
      { source: 'test', supportsEmbeddings: () => true },
    );
    registry = new ProviderRegistry(new ConfigCredentialSource({}, { openai: KEY }));
    // the first call through the adapters pays for connecting and compiling; under a loaded CI
    // it could pass the primary's 250 ms first-byte budget and make the first test see a fallback
    const warm = new Router(catalogue, registry);
    for (let i = 0; i < 3; i++) await warm.call(catalogue.resolve('gpt')!, (d, adapter, ctx) => adapter.chat(request, d, ctx), { deadline: Date.now() + 10_000 });
  });

  beforeEach(async () => {
    await sw.revive();
    primary.reset();
    secondary.reset();
    outcomes = [];
    transitions = [];
    router = new Router(catalogue, registry, {
      attempt: (d: RoutedDeployment, o: AttemptOutcome) => outcomes.push(`${d.id}:${o}`),
      breakerChanged: (d, _from, to) => transitions.push(`${d.id}:${to}`),
    });
  });

  afterAll(async () => {
    await sw.kill();
    await registry.close();
    await primary.stop();
    await secondary.stop();
  });

  it('answers from the primary while it is healthy', async () => {
    const routed = await chat();
    expect(routed.deployment.id).toBe('primary');
    expect(routed.value.choices[0].message.content).toBe('Echo: hello there');
  });

  it('falls back when the primary is killed, then skips it within milliseconds once its breaker opened, and probes it back in', async () => {
    await chat();
    await sw.kill();

    for (let i = 0; i < 2; i++) {
      const routed = await chat();
      expect(routed).toMatchObject({ deployment: { id: 'secondary' }, attempts: 2 });
    }
    expect(transitions).toEqual(['primary:open']);

    const started = performance.now();
    const routed = await chat();
    const elapsed = performance.now() - started;
    expect(routed).toMatchObject({ deployment: { id: 'secondary' }, attempts: 1 });
    expect(outcomes.slice(-2)).toEqual(['primary:skipped', 'secondary:ok']);
    expect(elapsed).toBeLessThan(50);

    await sw.revive();
    await new Promise((r) => setTimeout(r, 450));
    const probed = await chat();
    expect(probed.deployment.id).toBe('primary');
    expect(transitions).toEqual(['primary:open', 'primary:half-open', 'primary:closed']);
  });

  it('gives up on a primary that stops answering after its first-byte timeout and falls back', async () => {
    primary.next({ kind: 'hang' });
    const started = performance.now();
    const routed = await chat();
    expect(routed.deployment.id).toBe('secondary');
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    expect(outcomes).toEqual(['primary:failed', 'secondary:ok']);
  });

  it('falls back on a 429 and pauses the deployment for as long as its retry-after says', async () => {
    primary.next({ kind: 'error', status: 429, retryAfterSeconds: 1 });
    expect((await chat()).deployment.id).toBe('secondary');
    expect(router.breakerState('primary')).toBe('open');
    expect((await chat()).attempts).toBe(1);
  });

  it('falls back for a stream that fails before its first chunk', async () => {
    primary.next({ kind: 'error', status: 503, flavour: 'overloaded' });
    const routed = await router.call(
      catalogue.resolve('gpt')!,
      async (d, adapter, ctx) => {
        const it = adapter.chatStream({ ...request, stream: true }, d, ctx)[Symbol.asyncIterator]();
        const first = await it.next();
        return { it, first };
      },
      { deadline: Date.now() + 10_000, hold: true },
    );
    expect(routed.deployment.id).toBe('secondary');
    const chunks: ChatCompletionChunk[] = [routed.value.first.value as ChatCompletionChunk];
    for (let r = await routed.value.it.next(); !r.done; r = await routed.value.it.next()) chunks.push(r.value);
    routed.finish();
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Echo: hello there');
  });

  it('counts a stream that breaks after it started against the deployment when it finishes', async () => {
    primary.next({ kind: 'drop_mid_stream', afterChunks: 2 }, { kind: 'drop_mid_stream', afterChunks: 2 });
    for (let i = 0; i < 2; i++) {
      const routed = await router.call(
        catalogue.resolve('gpt')!,
        async (d, adapter, ctx) => adapter.chatStream({ ...request, stream: true }, d, ctx)[Symbol.asyncIterator](),
        { deadline: Date.now() + 10_000, hold: true },
      );
      const err = await (async () => {
        for (let r = await routed.value.next(); !r.done; r = await routed.value.next());
      })().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      routed.finish(err);
    }
    expect(router.breakerState('primary')).toBe('open');
  });
});
