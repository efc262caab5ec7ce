import { DEAD_LETTER_PREFIX } from './subjects';

/**
 * JetStream streams, declared once and provisioned by the bus at start-up (idempotently).
 * Subjects here are logical; the bus prefixes them with its namespace when one is configured.
 */
export interface StreamDefinition {
  name: string;
  subjects: string[];
  description: string;
  /** How long events are kept, in milliseconds. */
  maxAgeMs: number;
  /** Window in which a repeated Nats-Msg-Id is dropped as a duplicate, in milliseconds. */
  duplicateWindowMs: number;
  storage: 'file' | 'memory';
  retention: 'limits' | 'workqueue' | 'interest';
  replicas: number;
}

const DAY = 24 * 60 * 60 * 1000;
const defaults = { duplicateWindowMs: 2 * 60 * 1000, storage: 'file', retention: 'limits', replicas: 1 } as const;

export const STREAMS = {
  requests: { ...defaults, name: 'REQUESTS', subjects: ['request.>'], description: 'LLM and API requests seen by the gateway', maxAgeMs: 7 * DAY },
  costs: { ...defaults, name: 'COSTS', subjects: ['cost.>'], description: 'Metered cost of every request', maxAgeMs: 30 * DAY },
  policy: { ...defaults, name: 'POLICY', subjects: ['policy.>'], description: 'Guardrail decisions and violations', maxAgeMs: 30 * DAY },
  audit: { ...defaults, name: 'AUDIT', subjects: ['audit.>'], description: 'Audit entries recorded by observability', maxAgeMs: 7 * DAY },
  docs: { ...defaults, name: 'DOCS', subjects: ['doc.>'], description: 'Document changes from data-sync connectors', maxAgeMs: 7 * DAY },
  budget: { ...defaults, name: 'BUDGET', subjects: ['budget.threshold', 'budget.unpriced', 'budget.period.>'], description: 'Budget thresholds, unpriced-model alerts and periods', maxAgeMs: 30 * DAY },
  credentials: { ...defaults, name: 'CREDENTIALS', subjects: ['credential.>'], description: 'Credential lifecycle (never values)', maxAgeMs: 30 * DAY },
  sandbox: { ...defaults, name: 'SANDBOX', subjects: ['sandbox.violation', 'sandbox.run.>'], description: 'Sandbox runs and violations', maxAgeMs: 30 * DAY },
  agents: { ...defaults, name: 'AGENTS', subjects: ['agent.>'], description: 'Agent lifecycle', maxAgeMs: 30 * DAY },
  admin: { ...defaults, name: 'ADMIN', subjects: ['admin.>'], description: 'Administrative changes (access, keys, policies)', maxAgeMs: 30 * DAY },
  privacy: { ...defaults, name: 'PRIVACY', subjects: ['privacy.>'], description: 'GDPR erasure requests and every service reporting back', maxAgeMs: 30 * DAY },
  providers: { ...defaults, name: 'PROVIDERS', subjects: ['provider.>'], description: 'Provider health seen by the gateway replicas: circuit breaker transitions', maxAgeMs: 30 * DAY },
  alerts: { ...defaults, name: 'ALERTS', subjects: ['alert.>'], description: 'Alerts fired and resolved by observability, and the outcome of every notification', maxAgeMs: 30 * DAY },
  errors: { ...defaults, name: 'ERRORS', subjects: ['error.>'], description: 'Unexpected failures reported by every service, grouped by observability', maxAgeMs: 7 * DAY },
  deadLetters: {
    ...defaults,
    name: 'DEAD_LETTERS',
    subjects: [`${DEAD_LETTER_PREFIX}.>`],
    description: 'Poison messages parked with the reason they could not be handled',
    maxAgeMs: 30 * DAY,
  },
} as const satisfies Record<string, StreamDefinition>;

export type StreamKey = keyof typeof STREAMS;
export const ALL_STREAMS: StreamDefinition[] = Object.values(STREAMS);
