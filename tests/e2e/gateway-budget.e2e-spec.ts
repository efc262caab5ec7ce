import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServiceProcess, sql, waitFor } from '@ironcage/testing';
import OpenAI from 'openai';
import { stringify } from 'yaml';
import { getJson, isolatedStack } from './stack';

/**
 * The $1 daily key budget through the whole data plane: two gateway processes with budget
 * enforcement on, two budget processes, one database and one bus, the real `openai` client, a few
 * hundred concurrent calls (streamed to the end, streamed and cut by the client, not streamed),
 * then the period's end.
 *
 * The budget processes run on a clock shifted by BUDGET_CLOCK_OFFSET_MS (development only) so that
 * local midnight in the budget's time zone comes LEAD_MS after they start: the reset is the real
 * period roll-over of the running replicas, not a restart or an edit of the budget.
 */

const ORG = 'budgeted';
const TIME_ZONE = 'Asia/Kathmandu'; // UTC+05:45 all year: local midnight is not a whole UTC hour
const LIMIT = 1_000_000; // $1
const MODEL = 'mock/metered';

// Prices in micro-USD per million tokens (= micro-USD per token × 10⁶): $10 / M in, $700 / M out.
const INPUT_PER_MTOK = 10_000_000;
const OUTPUT_PER_MTOK = 700_000_000;

// The mock counts whitespace-separated words as tokens; the gateway estimates 4 characters a token.
// 40 words of 7 letters: 319 characters, 40 prompt tokens for the mock; the gateway estimates
// ceil(319 / 4) + 4 per message = 84 and budget pads that by BUDGET_INPUT_MARGIN_PERCENT (10 %) to
// 93. The mock answers "Mock reply to 1 message: " and the first 24 words: 29 output tokens, which
// is the max_tokens every call sends. Its words are longer than 4 characters, so the gateway's
// estimate of a cut stream's output (from the characters it relayed) runs ahead of the tokens.
const PROMPT = Array.from({ length: 40 }, (_, i) => `tok${String(i).padStart(4, '0')}`).join(' ');
const PROMPT_TOKENS = 40;
const OUTPUT_TOKENS = 29;
const COST = (PROMPT_TOKENS * INPUT_PER_MTOK + OUTPUT_TOKENS * OUTPUT_PER_MTOK) / 1_000_000; // 20 700 µ$
const WORST = (Math.ceil(((Math.ceil(PROMPT.length / 4) + 4) * 110) / 100) * INPUT_PER_MTOK + OUTPUT_TOKENS * OUTPUT_PER_MTOK) / 1_000_000; // 21 230 µ$
const BURST = 400;

/** Time from the budget processes' start to their local midnight. */
const LEAD_MS = 60_000;

/**
 * How long a gateway waits for budget's decision (GATEWAY_BUDGET_TIMEOUT_MS). Decisions on one
 * budget are taken one at a time (its row is locked), so the burst queues: on a 2-vCPU machine
 * shared with other test runs its last refusals came 3–7 s after the burst began. This test is
 * about what is decided, not how fast, so it gives budget ample time; past the deadline a call is
 * refused 503 budget_unavailable (GATEWAY_FAIL_MODE=closed), not 429.
 */
const BUDGET_TIMEOUT_MS = 30_000;

const usd = (micros: number) => `$${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
const micros = (text: string) => Math.round(Number(text) * 1_000_000);

/** The first local midnight in `timeZone` at or after `after` (for zones without a DST change that night). */
function nextLocalMidnight(after: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(after)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const localAsUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second) + (after % 1000);
  const zoneOffset = localAsUtc - after;
  return Date.UTC(+parts.year, +parts.month - 1, +parts.day + 1) - zoneOffset;
}

type Kind = 'plain' | 'stream' | 'stream-usage' | 'stream-cut';
const KINDS: Kind[] = ['plain', 'stream', 'stream-usage', 'stream-cut'];

interface Outcome {
  i: number;
  kind: Kind;
  gateway: number;
  status: number;
  requestId: string;
  /** When the answer (or refusal) arrived, Date.now(). */
  at: number;
  /** Usage the client saw (non-streamed, or streamed with include_usage). */
  usage?: { prompt_tokens: number; completion_tokens: number };
  text?: string;
  /** Content chunks read before the client hung up (stream-cut). */
  cutAfter?: number;
  error?: InstanceType<typeof OpenAI.APIError>;
}

interface BudgetView {
  id: string;
  current: { periodStart: string; periodEnd: string | null; spentMicros: number; reservedMicros: number; remainingMicros: number };
}

const REFUSAL = /^Budget "(.+)" on key (\S+) is spent: limit \$(\d+\.\d{6}), spent \$(\d+\.\d{6}), \$(\d+\.\d{6}) held by requests in flight, this request needs up to \$(\d+\.\d{6}); resets at (\S+)$/;

describe('gateway budget enforcement: a $1 daily key budget across two gateways and two budget replicas', () => {
  const stack = isolatedStack('gwbud');
  const dir = mkdtempSync(join(tmpdir(), 'ironcage-gw-budget-'));
  const budgetEnv = stack.envFor('budget');
  let gateways: ServiceProcess[];
  let budgets: ServiceProcess[];
  let secret: string;
  let keyId: string;
  let budgetId: string;
  /** Budget-clock instant of the reset, and the real (system) instant it happens at. */
  let midnight: number;
  let resetAt: number;
  let offsetMs: number;
  const burst: Outcome[] = [];
  const drained: Outcome[] = [];
  const figures: Record<string, number> = {};
  let firstRefusalAt: number;

  const auth = { authorization: `Bearer ${stack.adminKey}` };
  const admin = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${gateways[0].url}${path}`, { method, headers: { ...auth, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return (await r.json()) as Record<string, unknown> & { id: string; secret: string; key: { id: string } };
  };
  const budgetApi = async <T>(replica: number, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const r = await fetch(`${budgets[replica].url}${path}`, { method, headers: { ...auth, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return { status: r.status, body: (await r.json()) as T };
  };
  const budgetView = async (replica = 0) => (await budgetApi<BudgetView>(replica, 'GET', `/v1/budgets/${budgetId}?orgId=${ORG}`)).body;
  /** One client per gateway; no retries, so a 429 is seen as it was answered. */
  let openai: OpenAI[];

  /** One call of the given kind through one gateway, as a client would make it. */
  async function call(i: number, kind: Kind, gateway: number): Promise<Outcome> {
    const client = openai[gateway];
    const base = { model: MODEL, max_tokens: OUTPUT_TOKENS, messages: [{ role: 'user' as const, content: PROMPT }] };
    const out: Outcome = { i, kind, gateway, status: 0, requestId: '', at: 0 };
    try {
      if (kind === 'plain') {
        const { data, response } = await client.chat.completions.create(base).withResponse();
        Object.assign(out, { status: response.status, requestId: response.headers.get('x-ironcage-request-id'), usage: data.usage, text: data.choices[0].message.content });
      } else {
        const controller = new AbortController();
        const { data, response } = await client.chat.completions
          .create({ ...base, stream: true, ...(kind === 'stream-usage' ? { stream_options: { include_usage: true } } : {}) }, { signal: controller.signal })
          .withResponse();
        Object.assign(out, { status: response.status, requestId: response.headers.get('x-ironcage-request-id') });
        // cut streams hang up after 1 to 30 content chunks: early, midway, after the last word
        const cutAfter = kind === 'stream-cut' ? 1 + (i % 30) : Infinity;
        let text = '';
        let chunks = 0;
        try {
          for await (const chunk of data) {
            if (chunk.usage) out.usage = chunk.usage;
            const delta = chunk.choices[0]?.delta.content;
            if (delta) {
              text += delta;
              chunks++;
            }
            if (chunks >= cutAfter || (kind === 'stream-cut' && chunk.choices[0]?.finish_reason)) {
              out.cutAfter = chunks;
              controller.abort();
              break;
            }
          }
        } catch (err) {
          if (!(err instanceof OpenAI.APIUserAbortError)) throw err;
        }
        out.text = text;
      }
    } catch (err) {
      if (!(err instanceof OpenAI.APIError) || err instanceof OpenAI.APIUserAbortError || err instanceof OpenAI.APIConnectionError) throw err;
      Object.assign(out, { status: err.status, requestId: err.headers?.get('x-ironcage-request-id') ?? '', error: err });
    }
    out.at = Date.now();
    return out;
  }

  /** Every figure a refusal states, checked against what the budget is. */
  function expectRefusal(o: Outcome): { spent: number; held: number; needed: number; resetsAt: string } {
    expect(o.status).toBe(429);
    const err = o.error!;
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err.error).toEqual({ message: expect.any(String), type: 'rate_limit_error', param: null, code: 'budget_exceeded' });
    expect(err.headers?.get('x-ironcage-error-code')).toBe('budget_exceeded');
    expect(o.requestId).toBeTruthy();
    const m = REFUSAL.exec((err.error as { message: string }).message);
    expect(m).not.toBeNull();
    const [, name, scopeId, limit, spent, held, needed, resetsAt] = m!;
    expect(name).toBe('one dollar a day');
    expect(scopeId).toBe(keyId);
    expect(micros(limit)).toBe(LIMIT);
    expect(micros(needed)).toBe(WORST);
    expect(resetsAt).toBe(new Date(midnight).toISOString());
    // the refusal was right when it was made: what was spent, what was held and this call's worst case do not fit
    expect(micros(spent)).toBeLessThanOrEqual(LIMIT);
    expect(micros(spent) + micros(held) + micros(needed)).toBeGreaterThan(LIMIT);
    // retry-after: whole seconds to the reset, by the gateway's clock (the budget's runs offsetMs ahead)
    const retryAfter = Number(err.headers?.get('retry-after'));
    const expected = Math.ceil((midnight - o.at) / 1000);
    expect(retryAfter).toBeGreaterThanOrEqual(expected - 5);
    expect(retryAfter).toBeLessThanOrEqual(expected + 5);
    return { spent: micros(spent), held: micros(held), needed: micros(needed), resetsAt };
  }

  const ledger = () =>
    sql<{ request_id: string; key_id: string; input_tokens: string; output_tokens: string; cost_micros: string; estimated: boolean; model: string }>(
      `SELECT request_id, key_id, input_tokens, output_tokens, cost_micros, estimated, model FROM "${budgetEnv.DB_SCHEMA}".ledger_entries WHERE org_id = $1`,
      [ORG],
    );
  const heldReservations = async () => Number((await sql<{ n: string }>(`SELECT count(*) AS n FROM "${budgetEnv.DB_SCHEMA}".reservations WHERE org_id = $1 AND status = 'held'`, [ORG]))[0].n);

  beforeAll(async () => {
    const file = join(dir, 'models.yaml');
    writeFileSync(
      file,
      stringify({
        models: {
          [MODEL]: {
            description: 'The mock at a price that makes $1 last about 50 calls',
            pricing: { input: INPUT_PER_MTOK / 1_000_000, output: OUTPUT_PER_MTOK / 1_000_000 },
            deployments: [{ id: 'mock-metered', provider: 'mock', model: 'metered', extra: { firstTokenLatencyMs: 20, perTokenLatencyMs: 10 } }],
          },
        },
      }),
    );
    const gatewayEnv = { ...stack.envFor('gateway'), GATEWAY_MODELS_FILE: file, GATEWAY_BUDGET: 'on', GATEWAY_GUARDRAILS: 'off', GATEWAY_FAIL_MODE: 'closed', GATEWAY_BUDGET_TIMEOUT_MS: String(BUDGET_TIMEOUT_MS) };
    // one after the other: the first migrates the schema and seeds the admin key
    gateways = [await stack.start('gateway', gatewayEnv), await stack.start('gateway', gatewayEnv)];

    await admin('POST', '/admin/v1/orgs', { id: ORG, name: 'Budgeted' });
    const team = await admin('POST', `/admin/v1/orgs/${ORG}/teams`, { slug: 'apps', name: 'Apps', allowedModels: ['mock/*'] });
    const user = await admin('POST', `/admin/v1/orgs/${ORG}/users`, { email: 'dev@budgeted.test', name: 'Dev' });
    await admin('PUT', `/admin/v1/orgs/${ORG}/teams/${team.id}/members/${user.id}`, { role: 'member' });
    const key = await admin('POST', `/admin/v1/orgs/${ORG}/keys`, { name: 'one dollar', owner: { type: 'user', userId: user.id, teamId: team.id } });
    secret = key.secret;
    keyId = key.key.id;
    openai = gateways.map((g) => new OpenAI({ apiKey: secret, baseURL: `${g.url}/v1`, maxRetries: 0 }));

    // the budget replicas' clock reaches local midnight LEAD_MS from now
    const started = Date.now();
    resetAt = started + LEAD_MS;
    midnight = nextLocalMidnight(resetAt, TIME_ZONE);
    offsetMs = midnight - resetAt;
    const env = { ...budgetEnv, BUDGET_CLOCK_OFFSET_MS: String(offsetMs), DB_POOL_MAX: '20' };
    budgets = [await stack.start('budget', env), await stack.start('budget', env)];
    figures.budgetsStartedMs = Date.now() - started;

    const price = await budgetApi(1, 'POST', '/v1/prices', {
      orgId: ORG,
      provider: 'mock',
      model: 'metered',
      inputPerMtok: INPUT_PER_MTOK,
      outputPerMtok: OUTPUT_PER_MTOK,
      effectiveFrom: '2026-01-01T00:00:00Z',
      source: 'tests/e2e/gateway-budget.e2e-spec.ts',
    });
    if (price.status !== 201) throw new Error(`price: ${price.status} ${JSON.stringify(price.body)}`);
    const created = await budgetApi<BudgetView>(0, 'POST', '/v1/budgets', { orgId: ORG, name: 'one dollar a day', scope: { kind: 'key', id: keyId }, limitMicros: LIMIT, period: 'daily', timezone: TIME_ZONE });
    if (created.status !== 201) throw new Error(`budget: ${created.status} ${JSON.stringify(created.body)}`);
    budgetId = created.body.id;
    expect(created.body.current).toMatchObject({ periodEnd: new Date(midnight).toISOString(), spentMicros: 0, reservedMicros: 0, remainingMicros: LIMIT });
  }, 180_000);

  afterAll(async () => {
    await stack.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`serves ${BURST} concurrent calls on both gateways only as far as $1 goes, and settles every one`, async () => {
    const started = Date.now();
    burst.push(...(await Promise.all(Array.from({ length: BURST }, (_, i) => call(i, KINDS[i % 4], (i >> 2) % 2)))));
    figures.burstMs = Date.now() - started;
    const served = burst.filter((o) => o.status === 200);
    const refused = burst.filter((o) => o.status !== 200);
    expect(served.length + refused.length).toBe(BURST);
    expect(served.length).toBeGreaterThan(0);
    for (const o of refused) expectRefusal(o);
    // served by both gateways, every kind of call
    for (const g of [0, 1]) expect(served.some((o) => o.gateway === g)).toBe(true);
    for (const k of KINDS) expect(served.some((o) => o.kind === k)).toBe(true);
    for (const o of served.filter((x) => x.kind !== 'stream-cut')) {
      expect(o.text).toBe(`Mock reply to 1 message: ${PROMPT.split(' ').slice(0, 24).join(' ')}`);
      if (o.kind !== 'stream') expect(o.usage).toMatchObject({ prompt_tokens: PROMPT_TOKENS, completion_tokens: OUTPUT_TOKENS });
    }
    expect(served.filter((o) => o.kind === 'stream-cut').every((o) => o.cutAfter! <= OUTPUT_TOKENS)).toBe(true);

    // every served call settles: one ledger row each, nothing held any more
    const rows = await waitFor(
      async () => {
        const r = await ledger();
        const ids = new Set(r.map((x) => x.request_id));
        return served.every((o) => ids.has(o.requestId)) && (await heldReservations()) === 0 && r;
      },
      'every served call to settle',
      30_000,
      200,
    );
    const byId = new Map(rows.map((r) => [r.request_id, r]));
    let servedCost = 0;
    for (const o of served) {
      const row = byId.get(o.requestId)!;
      expect(row.key_id).toBe(keyId);
      const cost = Number(row.cost_micros);
      servedCost += cost;
      if (o.kind === 'stream-cut') {
        // cut by the client: charged what the gateway relayed, never more output than the cap it sent, never more than was reserved
        expect(Number(row.output_tokens)).toBeLessThanOrEqual(OUTPUT_TOKENS);
        expect(cost).toBeLessThanOrEqual(WORST);
      } else {
        expect(row).toMatchObject({ input_tokens: String(PROMPT_TOKENS), output_tokens: String(OUTPUT_TOKENS), cost_micros: String(COST), estimated: false });
      }
    }
    // a refused call costs nothing
    for (const o of refused) expect(Number(byId.get(o.requestId)?.cost_micros ?? 0)).toBe(0);

    const ledgerTotal = rows.reduce((s, r) => s + Number(r.cost_micros), 0);
    expect(ledgerTotal).toBe(servedCost);
    expect(servedCost).toBeLessThanOrEqual(LIMIT);
    expect(served.filter((o) => o.kind !== 'stream-cut').length * COST).toBeLessThanOrEqual(LIMIT);
    for (const replica of [0, 1]) {
      const view = await budgetView(replica);
      expect(view.current).toMatchObject({ spentMicros: ledgerTotal, reservedMicros: 0, remainingMicros: LIMIT - ledgerTotal, periodEnd: new Date(midnight).toISOString() });
    }

    // both budget replicas decided
    for (const b of budgets) {
      const text = await (await fetch(`${b.url}/metrics`)).text();
      const decisions = [...text.matchAll(/^budget_authorize_total\{[^}]*\} (\d+)/gm)].reduce((s, m) => s + Number(m[1]), 0);
      expect(decisions).toBeGreaterThan(0);
    }
    figures.served = served.length;
    figures.refused = refused.length;
    figures.servedCut = served.filter((o) => o.kind === 'stream-cut').length;
    figures.burstSpentMicros = ledgerTotal;
    firstRefusalAt = Math.min(...refused.map((o) => o.at));
    const refusedAfter = refused.map((o) => o.at - started).sort((a, b) => a - b);
    figures.burstRefusalP50Ms = refusedAfter[Math.floor(refusedAfter.length / 2)];
    figures.burstRefusalMaxMs = refusedAfter.at(-1)!;
  }, 120_000);

  it('serves what is left once the burst has settled, then refuses: it stops when $1 is spent, not before', async () => {
    // one call at a time, each settled before the next: nothing in flight when the refusal comes
    for (let i = 0; i < 60; i++) {
      const o = await call(BURST + i, KINDS[i % 3], i % 2); // no cuts: full calls
      drained.push(o);
      if (o.status !== 200) break;
      await waitFor(async () => (await heldReservations()) === 0 && (await ledger()).some((r) => r.request_id === o.requestId), 'the call to settle', 15_000, 50);
    }
    const last = drained.at(-1)!;
    const refusal = expectRefusal(last);
    expect(refusal.held).toBe(0);
    const servedNow = drained.filter((o) => o.status === 200);
    await waitFor(async () => (await heldReservations()) === 0 && (await budgetView()).current.spentMicros === figures.burstSpentMicros + servedNow.length * COST, 'the drained calls to settle', 15_000, 100);
    const view = await budgetView(1);
    // nothing in flight and the next call refused: less than one worst case left, and nothing over
    expect(view.current.spentMicros).toBe(refusal.spent);
    expect(view.current.spentMicros).toBeLessThanOrEqual(LIMIT);
    expect(view.current.spentMicros).toBeGreaterThan(LIMIT - WORST);
    const total = (await ledger()).reduce((s, r) => s + Number(r.cost_micros), 0);
    expect(total).toBe(view.current.spentMicros);
    const report = await getJson<{ total: { costMicros: number } }>(`${budgets[0].url}/v1/reports/spend?orgId=${ORG}&granularity=total&from=2026-01-01T00:00:00Z`, auth);
    expect(report.body.total.costMicros).toBe(total);
    figures.drainServed = servedNow.length;
    figures.spentMicros = view.current.spentMicros;
    // all of this happened well before the budget's midnight (if not: raise LEAD_MS)
    expect(resetAt - Date.now()).toBeGreaterThan(5_000);
  }, 60_000);

  it('keeps refusing on both gateways until local midnight, then serves again', async () => {
    let n = 0;
    expect(figures.spentMicros).toBeDefined();
    const refusedUntilReset: Outcome[] = [];
    // every ~300 ms up to a second before the reset: refused, streamed or not, on either gateway
    while (Date.now() < resetAt - 1_000) {
      const o = await call(10_000 + n, KINDS[n % 4], n % 2);
      n++;
      expect(o.at).toBeLessThan(resetAt);
      expectRefusal(o);
      refusedUntilReset.push(o);
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(refusedUntilReset.length).toBeGreaterThan(4);
    const lastRefusal = refusedUntilReset.at(-1)!.at;
    expect((await budgetView()).current.spentMicros).toBe(figures.spentMicros);

    await new Promise((r) => setTimeout(r, Math.max(0, resetAt - Date.now())));
    const first = await waitFor(
      async () => {
        const i = n++;
        const o = await call(20_000 + i, 'plain', i % 2);
        if (o.status === 200) return o;
        expectRefusal(o);
        return undefined;
      },
      'the first call served after the reset',
      15_000,
      100,
    );
    const after = await Promise.all(KINDS.flatMap((k, j) => [0, 1].map((g) => call(30_000 + j * 2 + g, k === 'stream-cut' ? 'stream' : k, g))));
    for (const o of after) expect(o.status).toBe(200);

    const fresh = [first, ...after];
    const view = await waitFor(
      async () => {
        const v = await budgetView(1);
        return v.current.reservedMicros === 0 && v.current.spentMicros === fresh.length * COST && v;
      },
      'the new period to count the new calls',
      15_000,
      100,
    );
    expect(view.current.periodStart).toBe(new Date(midnight).toISOString());
    expect(view.current.periodEnd).toBe(new Date(nextLocalMidnight(midnight + 1, TIME_ZONE)).toISOString());
    // the old period's spend stays in the ledger
    const total = (await ledger()).reduce((s, r) => s + Number(r.cost_micros), 0);
    expect(total).toBe(figures.spentMicros + fresh.length * COST);

    figures.refusedUntilReset = refusedUntilReset.length;
    figures.firstRefusalToServedAgainMs = first.at - firstRefusalAt;
    figures.lastRefusalToServedMs = first.at - lastRefusal;
    figures.resetToServedMs = first.at - resetAt;
    // the figures this run observed
    console.log(JSON.stringify({ ...figures, offsetMs, midnight: new Date(midnight).toISOString(), cost: COST, worst: WORST, limit: usd(LIMIT) }));
  }, LEAD_MS + 60_000);
});
