/**
 * Bus benchmark: the same lib code the services run (BusModule, JetStreamServer, EventPublisher,
 * RpcClient), against the NATS server in NATS_URL, in a namespace of its own that is deleted after.
 *
 *   node -r @swc-node/register bench/bus.ts
 *
 * 1. events: publish → JetStream → durable consumer → validated handler → ack, 1 KB events.
 *    a. saturated: the publisher keeps BENCH_PUBLISH_CONCURRENCY publishes in flight; sustained
 *       throughput (latency here is mostly queueing behind the backlog).
 *    b. paced: BENCH_PACED_RATE events/s (open loop) for BENCH_PACED_EVENTS events; end-to-end
 *       latency from the publish call to the handler when the consumer keeps up.
 * 2. rpc: platform.ping round trips, sequentially and from 32 concurrent callers.
 *
 * Knobs: BENCH_EVENTS (20000), BENCH_PUBLISH_CONCURRENCY (256), BENCH_PACED_RATE (2000),
 * BENCH_PACED_EVENTS (10000), BENCH_RPC_CALLS (10000),
 * BENCH_TIMEOUT_MS (180000). Publisher and consumer share this process, so RSS covers both.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Controller, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { BusConnection, BusModule, connectJetStream, EventPublisher, RpcClient } from '@ironcage/bus';
import { EVENTS, platformPingRpc, RPC, requestReceivedEvent, type RequestReceived } from '@ironcage/contracts';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const EVENT_COUNT = Number(process.env.BENCH_EVENTS ?? 20_000);
const WARMUP_EVENTS = 1_000;
const PUBLISH_CONCURRENCY = Number(process.env.BENCH_PUBLISH_CONCURRENCY ?? 256);
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 2_000);
const PACED_EVENTS = Number(process.env.BENCH_PACED_EVENTS ?? 10_000);
const RPC_CALLS = Number(process.env.BENCH_RPC_CALLS ?? 10_000);
const RPC_CONCURRENCY = 32;
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 180_000);

const sentAt = new Map<string, number>();
const latencies: number[] = [];
let handled = 0;
let lastHandledAt = 0;

@Controller()
class BenchController {
  @EventPattern(EVENTS.requestReceived)
  onRequest(@Payload() data: RequestReceived): void {
    const sent = sentAt.get(data.requestId);
    const now = performance.now();
    if (sent !== undefined) {
      latencies.push(now - sent);
      sentAt.delete(data.requestId);
    }
    handled++;
    lastHandledAt = now;
  }

  @MessagePattern(RPC.platformPing)
  ping(): { service: string; version: string; time: string } {
    return { service: 'bench', version: '0', time: new Date().toISOString() };
  }
}

const pad = (prefix: string, length: number): string => (prefix + 'x'.repeat(length)).slice(0, length);

/** A request.received whose envelope is about 1 KB. */
function event(i: number): RequestReceived {
  return {
    requestId: `req-${i}-${randomBytes(6).toString('hex')}`,
    principal: { keyId: 'key-bench', userId: 'user-bench', teamId: 'team-bench', projectId: 'project-bench' },
    endpoint: pad('/v1/chat/completions?', 256),
    method: 'POST',
    status: 200,
    latencyMs: 123.4,
    model: pad('gpt-4o-', 256),
    provider: pad('openai-', 64),
    stream: false,
    usage: { inputTokens: 1200, outputTokens: 300, cachedInputTokens: 0, reasoningTokens: 0 },
    errorCode: pad('none-', 100),
  };
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (n: number): string => `${n.toFixed(n < 10 ? 2 : 1)} ms`;
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;

async function runConcurrently(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await task(next++);
    }),
  );
}

/** Open loop: starts publishes on schedule whatever the acks do (bounded by the timeout). */
async function runPaced(total: number, ratePerSecond: number, task: (i: number) => Promise<void>): Promise<void> {
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * ratePerSecond));
    for (; sent < due; sent++) {
      const p = task(sent);
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inFlight);
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const namespace = `bench${randomBytes(3).toString('hex')}`;

  @Module({ imports: [BusModule.forRoot({ servers: NATS_URL, service: 'bench', namespace })], controllers: [BenchController] })
  class BenchModule {}

  const app = await NestFactory.create(BenchModule, new FastifyAdapter(), { logger: ['error'], abortOnError: false });
  connectJetStream(app);
  await app.init();
  await app.startAllMicroservices();
  const publisher = app.get(EventPublisher);
  const rpc = app.get(RpcClient);
  const connection = app.get(BusConnection);
  const rows: Array<[string, string]> = [];
  const rssAtStart = process.memoryUsage().rss;

  try {
    const sample = JSON.stringify({ id: 'x'.repeat(36), type: EVENTS.requestReceived, specversion: '1.0', dataversion: 1, source: 'bench', time: new Date().toISOString(), orgId: 'org-bench', data: event(0) });
    const publish = (i: number): Promise<void> => {
      const e = event(i);
      sentAt.set(e.requestId, performance.now());
      return publisher.publish(requestReceivedEvent, e, { orgId: 'org-bench' }).then(() => undefined);
    };

    await runConcurrently(WARMUP_EVENTS, PUBLISH_CONCURRENCY, publish);
    await waitUntil(() => handled >= WARMUP_EVENTS, 'warm-up events');
    latencies.length = 0;
    handled = 0;

    const started = performance.now();
    await runConcurrently(EVENT_COUNT, PUBLISH_CONCURRENCY, publish);
    const published = performance.now();
    await waitUntil(() => handled >= EVENT_COUNT, 'all events handled');
    const eventSeconds = (lastHandledAt - started) / 1000;
    const sortedEvents = [...latencies].sort((a, b) => a - b);
    rows.push(
      ['events, saturated', `${EVENT_COUNT} × ${sample.length} B envelopes, ${PUBLISH_CONCURRENCY} publishes in flight, handler concurrency 16 (default)`],
      ['  publish (PubAck) throughput', `${Math.round(EVENT_COUNT / ((published - started) / 1000))} events/s`],
      ['  end-to-end throughput', `${Math.round(EVENT_COUNT / eventSeconds)} events/s`],
      ['  publish → handler p50 / p99 (queueing)', `${ms(percentile(sortedEvents, 50))} / ${ms(percentile(sortedEvents, 99))}`],
    );

    latencies.length = 0;
    handled = 0;
    await runPaced(PACED_EVENTS, PACED_RATE, publish);
    await waitUntil(() => handled >= PACED_EVENTS, 'paced events handled');
    const sortedPaced = [...latencies].sort((a, b) => a - b);
    rows.push(
      ['events, paced', `${PACED_EVENTS} events at ${PACED_RATE} events/s`],
      ['  publish → handler p50 / p99', `${ms(percentile(sortedPaced, 50))} / ${ms(percentile(sortedPaced, 99))}`],
      ['  publish → handler max', ms(sortedPaced[sortedPaced.length - 1] ?? NaN)],
    );

    for (let i = 0; i < 200; i++) await rpc.call(platformPingRpc, { from: 'bench' });
    const sequential: number[] = [];
    const seqStart = performance.now();
    for (let i = 0; i < RPC_CALLS / 2; i++) {
      const t = performance.now();
      await rpc.call(platformPingRpc, { from: 'bench' });
      sequential.push(performance.now() - t);
    }
    const seqSeconds = (performance.now() - seqStart) / 1000;
    sequential.sort((a, b) => a - b);

    const concurrent: number[] = [];
    const conStart = performance.now();
    await runConcurrently(RPC_CALLS, RPC_CONCURRENCY, async () => {
      const t = performance.now();
      await rpc.call(platformPingRpc, { from: 'bench' });
      concurrent.push(performance.now() - t);
    });
    const conSeconds = (performance.now() - conStart) / 1000;
    concurrent.sort((a, b) => a - b);

    rows.push(
      ['rpc platform.ping, sequential', `${RPC_CALLS / 2} calls`],
      ['  throughput', `${Math.round(RPC_CALLS / 2 / seqSeconds)} calls/s`],
      ['  round trip p50 / p99', `${ms(percentile(sequential, 50))} / ${ms(percentile(sequential, 99))}`],
      [`rpc platform.ping, ${RPC_CONCURRENCY} concurrent callers`, `${RPC_CALLS} calls`],
      ['  throughput', `${Math.round(RPC_CALLS / conSeconds)} calls/s`],
      ['  round trip p50 / p99', `${ms(percentile(concurrent, 50))} / ${ms(percentile(concurrent, 99))}`],
      ['process RSS after start-up / at the end', `${mb(rssAtStart)} / ${mb(process.memoryUsage().rss)} (publisher, consumer and both RPC sides in one process)`],
      ['node / NATS server', `${process.version} / ${connection.nc.info?.version ?? '?'} at ${NATS_URL}`],
    );

    const width = Math.max(...rows.map(([k]) => k.length));
    console.log(`\nbus benchmark (namespace ${namespace})\n${'-'.repeat(width + 40)}`);
    for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  } finally {
    await app.close();
    const nc = await connect({ servers: NATS_URL });
    const cleanup = await jetstreamManager(nc);
    for await (const name of cleanup.streams.names()) if (name.startsWith(`${namespace.toUpperCase()}_`)) await cleanup.streams.delete(name);
    await nc.close();
  }
}

const guard = setTimeout(() => {
  console.error(`bus benchmark: gave up after ${TIMEOUT_MS} ms`);
  process.exit(1);
}, TIMEOUT_MS + 30_000);
guard.unref();

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
