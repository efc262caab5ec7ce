import { BusConnection, RpcClient } from '@ironcage/bus';
import { type CostIncurred, type EventContract, EVENTS, type RequestReceived, type RpcSubject } from '@ironcage/contracts';
import { testInfra, uniqueNamespace } from '@ironcage/testing';
import type { Msg, Subscription } from '@nats-io/nats-core';
import type { ModelAccessPolicy, Principal } from '../../auth';
import { buildCatalogue } from '../../catalogue/load-catalogue';
import type { ModelCatalogue } from '../../catalogue/model-catalogue';
import type { DataPlaneConfig } from '../../inference/data-plane.config';
import { ConfigCredentialSource, ProviderRegistry } from '../../providers';
import { Router } from '../../routing/router';
import { UsageEvents } from '../../usage-events/usage-events';
import { ChatCompletionsUseCase } from '../chat-completions.usecase';
import { EmbeddingsUseCase } from '../embeddings.usecase';
import { Budget, FailurePolicy, GovernanceMetrics, Guardrails } from '../governance';
import { ModelGate } from '../model-gate';

/** Stand-in for the control plane's policy: every model is allowed unless listed as denied. */
export class AllowAllPolicy implements ModelAccessPolicy {
  constructor(readonly denied: ReadonlySet<string> = new Set()) {}
  check(_p: Principal, model: string) {
    return this.denied.has(model) ? { allowed: false, deniedBy: 'team' as const, reason: `Model "${model}" is not among the team's allowed models (mock/gpt-*)` } : { allowed: true };
  }
  filter(_p: Principal, models: string[]) {
    return models.filter((m) => !this.denied.has(m));
  }
}

export const principal = (orgId = 'acme'): Principal => Object.freeze({ orgId, keyId: 'key-1', userId: 'user-1', teamId: 'team-1', metadata: {}, tags: [] });

/** Collects what UsageEvents would publish. */
export class RecordingPublisher {
  readonly received: RequestReceived[] = [];
  readonly costs: CostIncurred[] = [];
  async publish(contract: EventContract, data: unknown): Promise<unknown> {
    if (contract.subject === EVENTS.requestReceived) this.received.push(data as RequestReceived);
    if (contract.subject === EVENTS.costIncurred) this.costs.push(data as CostIncurred);
    return undefined;
  }
  eventsOf(requestId: string) {
    return { received: this.received.filter((r) => r.requestId === requestId), costs: this.costs.filter((c) => c.requestId === requestId) };
  }
}

export interface HotPathFixture {
  bus: BusConnection;
  catalogue: ModelCatalogue;
  registry: ProviderRegistry;
  events: RecordingPublisher;
  usage: UsageEvents;
  chat: ChatCompletionsUseCase;
  embeddings: EmbeddingsUseCase;
  /** Answers an RPC subject in this test's namespace with the given handler (which may never answer). */
  respond(subject: RpcSubject, handler: (request: Record<string, unknown>, msg: Msg) => unknown): Subscription;
  /** Stops every responder (between tests). */
  stopResponders(): void;
  close(): Promise<void>;
}

/**
 * The hot path's use cases wired by hand: the real router, adapters, RPC client over the test
 * NATS (own namespace), the built-in mock models plus `models`, and a recording event publisher.
 */
export async function hotPathFixture(config: Partial<DataPlaneConfig>, models: Record<string, unknown> = {}, keys: Record<string, string> = {}, denied: string[] = []): Promise<HotPathFixture> {
  const bus = await BusConnection.connect({ servers: testInfra.natsUrl, service: 'gateway-test', namespace: uniqueNamespace('hp') });
  const catalogue = buildCatalogue({ models }, { source: 'test', supportsEmbeddings: () => true });
  const registry = new ProviderRegistry(new ConfigCredentialSource({}, keys));
  const full = {
    GATEWAY_GUARDRAILS: 'off',
    GATEWAY_BUDGET: 'off',
    GATEWAY_BUDGET_TIMEOUT_MS: 250,
    // the test responders answer in-process; a loaded CI can still pass the 200 ms default
    GATEWAY_GUARDRAILS_TIMEOUT_MS: 2_000,
    GATEWAY_FAIL_MODE: 'closed',
    GATEWAY_FAIL_MODE_ORGS: {},
    GATEWAY_GUARDRAILS_STREAM_WINDOW: 512,
    GATEWAY_REQUEST_TIMEOUT_MS: 30_000,
    ...config,
  } as DataPlaneConfig;
  const rpc = new RpcClient(bus);
  const policy = new FailurePolicy(full);
  const metrics = new GovernanceMetrics();
  const guardrails = new Guardrails(rpc, policy, metrics, full);
  const budget = new Budget(rpc, policy, metrics, full);
  const events = new RecordingPublisher();
  const usage = new UsageEvents(events);
  const gate = new ModelGate(catalogue, new AllowAllPolicy(new Set(denied)));
  const router = new Router(catalogue, registry);
  const subs: Subscription[] = [];
  return {
    bus,
    catalogue,
    registry,
    events,
    usage,
    chat: new ChatCompletionsUseCase(gate, router, guardrails, budget, usage, full),
    embeddings: new EmbeddingsUseCase(gate, router, guardrails, budget, usage, full),
    respond(subject, handler) {
      const sub = bus.nc.subscribe(bus.naming.subject(subject));
      subs.push(sub);
      void (async () => {
        for await (const msg of sub) {
          const answer = await handler(msg.json<Record<string, unknown>>(), msg);
          if (answer !== undefined) msg.respond(JSON.stringify(answer));
        }
      })();
      return sub;
    },
    stopResponders() {
      for (const s of subs.splice(0)) s.unsubscribe();
    },
    async close() {
      for (const s of subs.splice(0)) s.unsubscribe();
      await usage.drain();
      await registry.close();
      await bus.close();
    },
  };
}
