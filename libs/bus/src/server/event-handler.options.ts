import { isValidConsumerName } from '../naming';

/** Per-handler settings, given as `@EventPattern(subject, { … })` extras. */
export interface EventHandlerOptions {
  /** Durable consumer name; default `<service>__<subject with _>`. */
  durable?: string;
  /**
   * Consume the subject apart from the service's other handlers of it: durable
   * `<service>-<group>__<subject with _>`, with its own position, retries and dead letters.
   */
  group?: string;
  /** Deliveries before a failing event is dead-lettered (default 5). */
  maxDeliver?: number;
  /** How long the server waits for an ack before redelivering (default 30 s); long handlers send in-progress signals. */
  ackWaitMs?: number;
  /** Events handled at once by this process (default 16). */
  concurrency?: number;
  /** First retry delay after a failure, doubled each time (default 1 s). */
  backoffMs?: number;
  /** Longest retry delay (default 60 s). */
  backoffMaxMs?: number;
}

export type EventHandlerDefaults = Required<Omit<EventHandlerOptions, 'durable' | 'group'>>;

export const EVENT_HANDLER_DEFAULTS: EventHandlerDefaults = {
  maxDeliver: 5,
  ackWaitMs: 30_000,
  concurrency: 16,
  backoffMs: 1_000,
  backoffMaxMs: 60_000,
};

export type ResolvedEventHandlerOptions = EventHandlerDefaults & { durable: string };

const positiveInt = (name: string, value: unknown, subject: string): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`@EventPattern(${subject}): ${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
};

export function resolveEventHandlerOptions(
  subject: string,
  extras: Record<string, unknown> | undefined,
  defaults: EventHandlerDefaults,
  defaultDurable: string,
): ResolvedEventHandlerOptions {
  const e = (extras ?? {}) as EventHandlerOptions;
  const durable = e.durable ?? defaultDurable;
  if (!isValidConsumerName(durable)) throw new Error(`@EventPattern(${subject}): durable "${durable}" is not a valid consumer name`);
  const pick = <K extends keyof EventHandlerDefaults>(k: K): number => positiveInt(k, e[k] ?? defaults[k], subject);
  const resolved = {
    durable,
    maxDeliver: pick('maxDeliver'),
    ackWaitMs: pick('ackWaitMs'),
    concurrency: pick('concurrency'),
    backoffMs: pick('backoffMs'),
    backoffMaxMs: pick('backoffMaxMs'),
  };
  if (resolved.backoffMaxMs < resolved.backoffMs) throw new Error(`@EventPattern(${subject}): backoffMaxMs must be at least backoffMs`);
  return resolved;
}
