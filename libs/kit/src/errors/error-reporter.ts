import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { type EventPublisher, PermanentEventError, RpcError } from '@ironcage/bus';
import { EVENTS, type ErrorReported, errorReportedEvent, PLATFORM_ORG_ID } from '@ironcage/contracts';
import { DomainError } from './domain-error';
import { summariseError } from './error-report';

export interface ErrorReportContext {
  /** `http <method> <route>`, `rpc <subject>` or `event <subject>`. */
  where: string;
  /** The organisation concerned, when the failing path knows it. */
  orgId?: string;
  /** The id the caller was given (and the log line carries); a new one otherwise. */
  errorId?: string;
}

export interface ErrorReporterOptions {
  /** Shortest time between two reports of one fingerprint; occurrences in between are counted into the next. */
  intervalMs?: number;
  /** Paths in stacks are made relative to this (default: the working directory). */
  root?: string;
  /** Fingerprints remembered at most; the quiet ones are forgotten first. */
  maxFingerprints?: number;
}

interface Slot {
  lastSentAt: number;
  /** Occurrences held back since the last report, and the latest of them. */
  held: number;
  pending?: { data: ErrorReported; orgId: string };
  timer?: NodeJS.Timeout;
}

/** Failures the code meant: they have a code and a status of their own and are not reported. */
export const isExpectedFailure = (err: unknown): boolean => err instanceof DomainError || err instanceof RpcError || err instanceof PermanentEventError;

/**
 * Publishes `error.reported` for unexpected failures, without ever making the failing path fail
 * differently: `report()` returns at once and never throws, publishing happens in the background
 * and a failure to publish is only logged. At most one report per fingerprint per `intervalMs`;
 * occurrences in between are counted into a report sent when the interval ends. Failures while
 * handling `error.reported` itself are logged, never reported, so a broken collector cannot loop.
 */
export class ErrorReporter {
  private readonly logger = new Logger('ErrorReporter');
  private readonly slots = new Map<string, Slot>();
  private readonly intervalMs: number;
  private readonly root: string;
  private readonly maxFingerprints: number;
  private closed = false;

  constructor(
    private readonly service: string,
    private readonly publisher?: Pick<EventPublisher, 'publish'>,
    options: ErrorReporterOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.root = options.root ?? process.cwd();
    this.maxFingerprints = options.maxFingerprints ?? 1000;
  }

  /** Reports an unexpected failure (expected ones are ignored). Returns the error id used. */
  report(err: unknown, context: ErrorReportContext): string {
    const errorId = context.errorId ?? randomUUID();
    try {
      if (isExpectedFailure(err)) return errorId;
      if (context.where === `event ${EVENTS.errorReported}`) return errorId;
      const summary = summariseError(err, this.service, this.root);
      const span = trace.getActiveSpan()?.spanContext();
      const data: ErrorReported = {
        service: this.service,
        errorId,
        ...summary,
        where: context.where.slice(0, 256),
        ...(span && isSpanContextValid(span) ? { traceId: span.traceId } : {}),
        count: 1,
        occurredAt: new Date(this.now()).toISOString(),
      };
      this.offer(data, context.orgId || PLATFORM_ORG_ID);
    } catch (e) {
      this.logger.warn({ msg: 'cannot build an error report', errorId, reason: (e as Error)?.message });
    }
    return errorId;
  }

  onModuleDestroy(): void {
    this.close();
  }

  /** Stops the trailing reports still waiting for their interval to end. */
  close(): void {
    this.closed = true;
    for (const slot of this.slots.values()) clearTimeout(slot.timer);
    this.slots.clear();
  }

  private offer(data: ErrorReported, orgId: string): void {
    if (this.closed) return;
    const key = `${orgId}\n${data.fingerprint}`;
    const now = this.now();
    const slot = this.slots.get(key);
    if (!slot || now - slot.lastSentAt >= this.intervalMs) {
      const held = slot?.held ?? 0;
      if (slot?.timer) clearTimeout(slot.timer);
      this.slots.delete(key);
      this.slots.set(key, { lastSentAt: now, held: 0 });
      this.forgetQuietest();
      this.send({ ...data, count: held + 1 }, orgId);
      return;
    }
    slot.held++;
    slot.pending = { data, orgId };
    slot.timer ??= this.flushLater(key, slot, Math.max(0, slot.lastSentAt + this.intervalMs - now));
  }

  private flushLater(key: string, slot: Slot, delayMs: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      slot.timer = undefined;
      if (!slot.pending || slot.held === 0 || this.slots.get(key) !== slot) return;
      const { data, orgId } = slot.pending;
      const count = slot.held;
      slot.pending = undefined;
      slot.held = 0;
      slot.lastSentAt = this.now();
      this.send({ ...data, count }, orgId);
    }, delayMs);
    timer.unref();
    return timer;
  }

  private forgetQuietest(): void {
    // Map order is insertion order and a report re-inserts its slot: the first ones are the quietest.
    for (const [key, slot] of this.slots) {
      if (this.slots.size <= this.maxFingerprints) return;
      clearTimeout(slot.timer);
      this.slots.delete(key);
    }
  }

  private send(data: ErrorReported, orgId: string): void {
    if (!this.publisher) return;
    try {
      this.publisher.publish(errorReportedEvent, data, { orgId }).then(
        () => undefined,
        (e: unknown) => this.logger.warn({ msg: 'cannot publish error report', errorId: data.errorId, fingerprint: data.fingerprint, reason: (e as Error)?.message }),
      );
    } catch (e) {
      this.logger.warn({ msg: 'cannot publish error report', errorId: data.errorId, fingerprint: data.fingerprint, reason: (e as Error)?.message });
    }
  }
}
