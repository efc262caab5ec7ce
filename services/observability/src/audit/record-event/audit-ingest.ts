import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { EventPublisher, PermanentEventError } from '@ironcage/bus';
import { auditRecordedEvent } from '@ironcage/contracts';
import { CONFIG } from '@ironcage/kit';
import { Clock } from '../../common/clock';
import { Entropy } from '../../common/entropy';
import type { ObservabilityConfig } from '../../config';
import { SALT_BYTES } from '../chain/audit-chain';
import { AuditSigner } from '../chain/audit-signer';
import { ChainRepository, type RecordedRef } from '../chain/chain.repository';
import { type CheckpointPolicy, type EntryDraft, planAppend } from '../chain/plan-append';
import { AuditMetrics } from '../audit.metrics';

export interface RecordResult {
  /** False when the event had been recorded before (a redelivery): nothing new was written. */
  recorded: boolean;
  entryId: string;
  seq: number;
  hash: string;
}

interface Pending {
  draft: EntryDraft;
  resolve: (r: RecordResult) => void;
  reject: (e: unknown) => void;
}

/** Per org: drafts waiting, and whether an append for the org is running in this process. */
interface Lane {
  pending: Pending[];
  running: boolean;
  timer?: NodeJS.Timeout;
}

/** Postgres error classes that no retry fixes: bad data (22) or a violated constraint (23). */
const isDataError = (e: unknown): boolean => /^2[23]/.test(String((e as { code?: unknown })?.code ?? ''));

/**
 * Appends entries to the chains, many per transaction. Drafts queue per org; an org's queue is
 * flushed when it holds AUDIT_INGEST_BATCH_MAX drafts or AUDIT_INGEST_LINGER_MS after its first
 * one, and at most one append per org runs at a time in this process (the chain head lock orders
 * appends across replicas). After the commit, `audit.recorded` is published for every entry, and
 * only then does each caller's promise settle — so a bus consumer acks an event only once its
 * entry and announcement are durable.
 */
@Injectable()
export class AuditIngest implements OnApplicationShutdown {
  private readonly logger = new Logger(AuditIngest.name);
  private readonly lanes = new Map<string, Lane>();
  private readonly policy: CheckpointPolicy;
  private readonly batchMax: number;
  private readonly lingerMs: number;

  constructor(
    private readonly chain: ChainRepository,
    private readonly signer: AuditSigner,
    private readonly clock: Clock,
    private readonly entropy: Entropy,
    private readonly events: EventPublisher,
    private readonly metrics: AuditMetrics,
    @Inject(CONFIG) config: ObservabilityConfig,
  ) {
    this.policy = { everyEntries: config.AUDIT_CHECKPOINT_EVERY, intervalMs: config.AUDIT_CHECKPOINT_INTERVAL_SECONDS * 1000 };
    this.batchMax = config.AUDIT_INGEST_BATCH_MAX;
    this.lingerMs = config.AUDIT_INGEST_LINGER_MS;
  }

  submit(draft: EntryDraft): Promise<RecordResult> {
    return new Promise((resolve, reject) => {
      let lane = this.lanes.get(draft.orgId);
      if (!lane) this.lanes.set(draft.orgId, (lane = { pending: [], running: false }));
      lane.pending.push({ draft, resolve, reject });
      this.schedule(draft.orgId, lane);
    });
  }

  /** Drafts still queued are flushed now rather than after their linger. */
  async onApplicationShutdown(): Promise<void> {
    for (const [orgId, lane] of this.lanes) {
      if (lane.timer) this.run(orgId, lane);
    }
  }

  private schedule(orgId: string, lane: Lane): void {
    if (lane.running) return;
    if (lane.pending.length >= this.batchMax || this.lingerMs === 0) this.run(orgId, lane);
    else lane.timer ??= setTimeout(() => this.run(orgId, lane), this.lingerMs);
  }

  private run(orgId: string, lane: Lane): void {
    clearTimeout(lane.timer);
    lane.timer = undefined;
    const batch = lane.pending.splice(0, this.batchMax);
    lane.running = true;
    void this.flush(orgId, batch).finally(() => {
      lane.running = false;
      // whatever queued meanwhile has waited a whole append already: go on at once
      if (lane.pending.length > 0) this.run(orgId, lane);
      else this.lanes.delete(orgId);
    });
  }

  private async flush(orgId: string, batch: Pending[]): Promise<void> {
    try {
      const results = await this.append(orgId, batch.map((p) => p.draft));
      await this.announce(orgId, batch, results);
    } catch (err) {
      if (batch.length > 1 && isDataError(err)) {
        // one bad draft must not fail the others: append them one by one
        this.logger.warn({ msg: 'append batch failed on its data; retrying its entries one at a time', orgId, size: batch.length, code: (err as { code?: string }).code });
        for (const p of batch) await this.flush(orgId, [p]);
        return;
      }
      const failure = batch.length === 1 && isDataError(err) ? new PermanentEventError(`the entry cannot be stored: ${(err as Error).message}`) : err;
      for (const p of batch) p.reject(failure);
    }
  }

  private async append(orgId: string, drafts: EntryDraft[]): Promise<Map<string, RecordedRef & { recorded: boolean }>> {
    const started = process.hrtime.bigint();
    const now = this.clock.now();
    const { recorded, plan } = await this.chain.append(
      orgId,
      [...new Set(drafts.map((d) => d.eventId))],
      now,
      (head, already) =>
        planAppend({
          orgId,
          head,
          drafts,
          recorded: already,
          now,
          salts: (n) => {
            const bytes = this.entropy.bytes(n * SALT_BYTES);
            return Array.from({ length: n }, (_, i) => bytes.subarray(i * SALT_BYTES, (i + 1) * SALT_BYTES));
          },
          policy: this.policy,
          sign: (s) => this.signer.sign(s),
        }),
    );
    const results = new Map<string, RecordedRef & { recorded: boolean }>();
    for (const [eventId, ref] of recorded) results.set(eventId, { ...ref, recorded: false });
    for (const e of plan?.entries ?? []) {
      results.set(e.eventId, { entryId: e.id, eventId: e.eventId, seq: e.seq, hash: e.hash, action: e.action, outcome: e.outcome, recordedAt: e.recordedAt, recorded: true });
    }
    this.metrics.appended(plan?.entries ?? [], drafts.length - (plan?.entries.length ?? 0), Number(process.hrtime.bigint() - started) / 1e9);
    if (plan?.checkpoint) this.metrics.checkpoint('periodic');
    return results;
  }

  /** Publishes `audit.recorded` once per entry (its id is the entry's, so a re-announcement is deduplicated) and settles the callers. */
  private async announce(orgId: string, batch: Pending[], results: Map<string, RecordedRef & { recorded: boolean }>): Promise<void> {
    const announced = new Map<string, Promise<unknown>>();
    const firstOfEvent = new Set<Pending>();
    await Promise.all(
      batch.map(async (p) => {
        const r = results.get(p.draft.eventId)!;
        let publish = announced.get(r.entryId);
        if (!publish) {
          firstOfEvent.add(p);
          publish = this.events.publish(
            auditRecordedEvent,
            { entryId: r.entryId, sourceEventId: r.eventId, action: r.action, ...(r.outcome ? { outcome: r.outcome } : {}), sequence: r.seq, hash: r.hash },
            { orgId, id: r.entryId, time: r.recordedAt, ...(p.draft.traceparent ? { traceparent: p.draft.traceparent } : {}) },
          );
          announced.set(r.entryId, publish);
        }
        try {
          await publish;
          p.resolve({ recorded: r.recorded && firstOfEvent.has(p), entryId: r.entryId, seq: r.seq, hash: r.hash });
        } catch (err) {
          p.reject(err);
        }
      }),
    );
  }
}
