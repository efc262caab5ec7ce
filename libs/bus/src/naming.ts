import { deadLetterSubject } from '@ironcage/contracts';

/**
 * The one place where logical names from contracts become physical names on the server.
 * A namespace lets several environments (or parallel test runs) share one NATS cluster:
 * `request.received` → `<ns>.request.received`, `REQUESTS` → `<NS>_REQUESTS`.
 */
export interface BusNaming {
  readonly namespace: string | undefined;
  subject(logical: string): string;
  stream(logical: string): string;
  deadLetterSubject(logical: string): string;
  /** Durable consumer shared by every replica of `service` for `subject`: `observability__request_received`. */
  durable(service: string, subject: string): string;
}

const NAMESPACE = /^[A-Za-z0-9_-]{1,32}$/;
const NAME_PART = /^[A-Za-z0-9_-]+$/;

export function createNaming(namespace?: string): BusNaming {
  if (namespace !== undefined && !NAMESPACE.test(namespace)) {
    throw new Error(`bus namespace "${namespace}" must be 1-32 characters of letters, digits, "-" or "_"`);
  }
  const subject = (logical: string): string => (namespace ? `${namespace}.${logical}` : logical);
  return {
    namespace,
    subject,
    stream: (logical) => (namespace ? `${namespace.toUpperCase()}_${logical}` : logical),
    deadLetterSubject: (logical) => subject(deadLetterSubject(logical)),
    durable: (service, logicalSubject) => {
      const name = `${service}__${logicalSubject.replace(/\./g, '_')}`;
      if (!NAME_PART.test(name)) throw new Error(`cannot derive a consumer name from service "${service}" and subject "${logicalSubject}"`);
      return name;
    },
  };
}

/** True when `name` can be used as a JetStream consumer name. */
export const isValidConsumerName = (name: string): boolean => NAME_PART.test(name) && name.length <= 128;
