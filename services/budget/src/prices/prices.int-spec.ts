import { randomUUID } from 'node:crypto';
import { budgetAuthorizeRpc, budgetSettleRpc } from '@ironcage/contracts';
import { dropSchema, uniqueNamespace, uniqueSchema } from '@ironcage/testing';
import { budgetClient, type BudgetApp, deleteNamespaceStreams, startBudgetApp, testAdminKey } from '../testing/budget-app';
import { FakeClock } from '../testing/fake-clock';
import type { PriceView } from './price-view';

describe('the price catalogue (REST + pricing of requests)', () => {
  const schema = uniqueSchema('budget');
  const namespace = uniqueNamespace('bpr');
  const adminKey = testAdminKey();
  const clock = new FakeClock('2026-11-25T12:00:00Z');
  let app: BudgetApp;
  let client: Awaited<ReturnType<typeof budgetClient>>;

  const prices = async (query: string) => (await client.http<{ prices: PriceView[] }>('GET', `/v1/prices?${query}`)).body.prices;
  const authorize = (orgId: string, provider: string, model: string, input: number, output: number, deployment?: string) =>
    client.rpc.call(budgetAuthorizeRpc, {
      requestId: randomUUID(),
      orgId,
      principal: { keyId: 'k' },
      model,
      provider,
      estimatedInputTokens: input,
      maxOutputTokens: output,
      ...(deployment ? { deployment } : {}),
    });

  beforeAll(async () => {
    app = await startBudgetApp({ schema, namespace, adminKey, clock, env: { BUDGET_INPUT_MARGIN_PERCENT: '0', BUDGET_CACHE_TTL_MS: '0' } });
    client = await budgetClient(namespace, app.url, adminKey);
  });

  afterAll(async () => {
    await app?.stop();
    if (client) {
      await deleteNamespaceStreams(client.bus, namespace);
      await client.close();
    }
    await dropSchema(schema);
  });

  it('starts with the public prices of every provider, each with its source and date', async () => {
    const all = await prices('limit=1000');
    expect(new Set(all.map((p) => p.provider))).toEqual(
      new Set(['openai', 'azure-openai', 'anthropic', 'bedrock', 'gemini', 'vertex', 'mistral', 'cohere', 'groq', 'together', 'mock']),
    );
    const sonnet = all.find((p) => p.provider === 'anthropic' && p.model === 'claude-sonnet-5-5');
    expect(sonnet).toMatchObject({ version: 2, inputPerMtok: 2_000_000, outputPerMtok: 10_000_000, cachedInputPerMtok: 100_000, cacheWritePerMtok: 2_500_000 });
    expect(sonnet!.source).toContain('platform.claude.com');
    const haiku = all.find((p) => p.model === 'claude-haiku-5-5');
    expect(haiku?.longContext).toEqual({ thresholdTokens: 100_000, inputPerMtok: 500_000, outputPerMtok: 2_500_000, cachedInputPerMtok: 50_000, cacheWritePerMtok: 625_000 });
    expect(all.every((p) => p.source && p.sourceDate)).toBe(true);
  });

  it('keeps every version and says which one is in effect when', async () => {
    const history = await prices('provider=gemini&model=gemini-3.8-flash&history=true');
    expect(history.map((p) => [p.version, p.effectiveFrom, p.inputPerMtok])).toEqual([
      [1, '2026-01-01T00:00:00.000Z', 750_000],
      [2, '2027-01-01T00:00:00.000Z', 1_500_000],
    ]);
    expect((await prices('provider=gemini&model=gemini-3.8-flash&at=2026-12-31T23:59:59Z')).map((p) => p.version)).toEqual([1]);
    expect((await prices('provider=google&model=gemini-3.8-flash&at=2027-01-01T00:00:00Z')).map((p) => p.version)).toEqual([2]);
  });

  it('applies a scheduled price change by itself when it takes effect, and settles a request at the price it was authorised at', async () => {
    const org = `org-${randomUUID().slice(0, 8)}`;
    clock.set('2026-12-31T23:59:59Z');
    const requestId = randomUUID();
    const before = await client.rpc.call(budgetAuthorizeRpc, {
      requestId,
      orgId: org,
      principal: { keyId: 'k' },
      model: 'gemini-3.8-flash',
      provider: 'gemini',
      estimatedInputTokens: 1_000_000,
      maxOutputTokens: 0,
    });
    expect(before).toMatchObject({ allowed: true, reservedMicros: 750_000 });
    clock.set('2027-01-01T00:00:00Z'); // midnight UTC on New Year: version 2
    const after = await authorize(org, 'google', 'google/gemini-3.8-flash', 1_000_000, 0);
    expect(after).toMatchObject({ allowed: true, reservedMicros: 1_500_000 });
    expect(await client.rpc.call(budgetSettleRpc, { requestId, orgId: org, usage: { inputTokens: 1_000_000, outputTokens: 0 } })).toMatchObject({ costMicros: 750_000 });
    clock.set('2026-11-25T12:00:00Z');
  });

  it('adds versions through the API: an org’s own price overrides the public one for that org only, and a deployment price overrides both', async () => {
    const orgA = `org-a-${randomUUID().slice(0, 8)}`;
    const orgB = `org-b-${randomUUID().slice(0, 8)}`;
    const negotiated = await client.http<PriceView>('POST', '/v1/prices', {
      orgId: orgA,
      provider: 'openai',
      model: 'gpt-5.4',
      inputPerMtok: 2_000_000,
      outputPerMtok: 12_000_000,
      effectiveFrom: '2026-11-01T00:00:00Z',
      source: 'enterprise agreement 2026-11',
    });
    expect(negotiated.status).toBe(201);
    expect(negotiated.body).toMatchObject({ orgId: orgA, provider: 'openai', model: 'gpt-5.4', version: 1, deployment: null });
    const deployment = await client.http<PriceView>('POST', '/v1/prices', {
      orgId: orgA,
      provider: 'azure',
      model: 'gpt-5.4',
      deployment: 'eu-datazone-gpt54',
      inputPerMtok: 2_750_000,
      outputPerMtok: 16_500_000,
      effectiveFrom: '2026-11-01T00:00:00Z',
      source: 'Azure data-zone deployment: list +10 %',
    });
    expect(deployment.body).toMatchObject({ provider: 'azure-openai', deployment: 'eu-datazone-gpt54' });

    expect(await authorize(orgA, 'openai', 'gpt-5.4', 1_000_000, 0)).toMatchObject({ reservedMicros: 2_000_000 });
    expect(await authorize(orgB, 'openai', 'gpt-5.4', 1_000_000, 0)).toMatchObject({ reservedMicros: 2_500_000 });
    expect(await authorize(orgA, 'azure-openai', 'gpt-5.4', 1_000_000, 0, 'eu-datazone-gpt54')).toMatchObject({ reservedMicros: 2_750_000 });
    expect(await authorize(orgA, 'azure-openai', 'gpt-5.4', 1_000_000, 0)).toMatchObject({ reservedMicros: 2_500_000 });

    // org B sees the public catalogue only
    expect((await prices(`orgId=${orgB}&provider=openai&model=gpt-5.4`)).map((p) => p.orgId)).toEqual([null]);
    expect((await prices(`orgId=${orgA}&provider=openai&model=gpt-5.4`)).map((p) => p.orgId)).toEqual([null, orgA]);
  });

  it('names the offending field of an invalid price and refuses fractions of a micro-dollar', async () => {
    const r = await client.http<{ error: { code: string; details: { path: string }[] } }>('POST', '/v1/prices', { provider: 'openai', model: 'm', inputPerMtok: 2.5, outputPerMtok: -1, source: 's' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_request');
    expect(r.body.error.details.map((d) => d.path).sort()).toEqual(['body.inputPerMtok', 'body.outputPerMtok']);
  });

  it('refuses callers without the admin key', async () => {
    const r = await fetch(`${app.url}/v1/prices`);
    expect(r.status).toBe(401);
  });
});
