import { randomBytes, randomUUID } from 'node:crypto';
import { ENVELOPE_SPEC_VERSION, type Envelope, EVENT_CONTRACTS, EVENTS } from '@ironcage/contracts';
import { Clock } from '../common/clock';
import { Entropy } from '../common/entropy';

/** A valid payload for every event subject, as its publisher would send it. */
export const SAMPLE_DATA: Record<string, Record<string, unknown>> = {
  [EVENTS.requestReceived]: {
    requestId: 'req-1',
    principal: { keyId: 'key-1', userId: 'user-1', teamId: 'team-1' },
    endpoint: '/v1/chat/completions',
    method: 'POST',
    status: 200,
    latencyMs: 412,
    model: 'gpt-4o',
    provider: 'openai',
    usage: { inputTokens: 12, outputTokens: 30 },
  },
  [EVENTS.costIncurred]: {
    requestId: 'req-1',
    principal: { keyId: 'key-1', teamId: 'team-1', agentId: 'agent-1' },
    model: 'gpt-4o',
    provider: 'openai',
    usage: { inputTokens: 12, outputTokens: 30 },
    costMicros: 1250,
    currency: 'USD',
    estimated: false,
    priced: true,
  },
  [EVENTS.policyViolated]: {
    requestId: 'req-2',
    principal: { keyId: 'key-2' },
    direction: 'input',
    scanner: 'injection',
    ruleId: 'prompt-injection',
    action: 'block',
    severity: 'high',
  },
  [EVENTS.policyChanged]: { scope: 'team:team-1', version: 3, previousVersion: 2, sha256: 'ab'.repeat(32), changedBy: 'user-9' },
  [EVENTS.approvalRequested]: {
    approvalId: 'appr-1',
    requestId: 'req-4',
    principal: { keyId: 'key-3', agentId: 'agent-1' },
    kind: 'tool',
    tool: 'shell.exec',
    risk: 'high',
    reason: 'writes outside the sandbox',
    expiresAt: '2026-03-01T13:00:00.000Z',
  },
  [EVENTS.approvalDecided]: { approvalId: 'appr-1', kind: 'tool', tool: 'shell.exec', decision: 'denied', decidedBy: 'user-9', decidedAt: '2026-03-01T12:05:00.000Z' },
  [EVENTS.docChanged]: { connectorId: 'conn-1', documentId: 'doc-1', change: 'updated' },
  [EVENTS.budgetThreshold]: {
    budgetId: 'budget-1',
    scope: { kind: 'team', id: 'team-1' },
    thresholdPercent: 100,
    spentMicros: 10_000_000,
    limitMicros: 10_000_000,
    enforced: true,
    periodStart: '2026-01-01T00:00:00.000Z',
  },
  [EVENTS.budgetUnpriced]: { provider: 'acme', model: 'mystery-1', policy: 'refuse', requestId: 'req-3', day: '2026-01-02' },
  [EVENTS.credentialRotated]: { credentialId: 'cred-1', provider: 'openai', previousVersion: 1, currentVersion: 2, mode: 'automatic' },
  [EVENTS.credentialRotationDue]: {
    credentialId: 'cred-2',
    name: 'anthropic-prod',
    provider: 'anthropic',
    ownerTeam: 'team-2',
    dueAt: '2026-02-01T00:00:00.000Z',
    intervalDays: 90,
  },
  [EVENTS.credentialRevoked]: { credentialId: 'cred-1', provider: 'openai', versions: [1], reason: 'rotated', providerRevoked: true },
  [EVENTS.credentialAccessed]: { credentialId: 'cred-1', action: 'lease', actorId: 'gateway', deployment: 'openai-prod', leaseId: 'lease-1' },
  [EVENTS.sandboxViolation]: { sandboxId: 'sbx-1', executionId: 'exec-1', kind: 'egress_denied', detail: 'connect to 203.0.113.7:443 refused' },
  [EVENTS.agentLifecycle]: { agentId: 'agent-1', version: '1.2.0', deploymentId: 'dep-1', state: 'rolled_back', reason: 'error rate 12%' },
  [EVENTS.adminChanged]: { actorId: 'user-9', action: 'key.revoked', resourceType: 'key', resourceId: 'key-7', changes: { actorType: 'user', actorUserId: 'user-9' } },
  [EVENTS.privacyErasureRequested]: { erasureId: 'erasure-1', subjectId: 'user-1', requestedBy: 'dpo-1', reason: 'art. 17 request of 2026-03-01' },
  [EVENTS.privacyErasureCompleted]: { erasureId: 'erasure-1', service: 'gateway', action: 'deleted', records: 3 },
  [EVENTS.auditChainBroken]: {
    problem: { kind: 'altered', seq: 7, entryId: '0b5e3c2e-7d3a-4a8e-9a4e-2f6d1c0b9a11', message: 'entry 7 does not match its hash' },
    checkpoints: { checked: 2, invalid: 0, firstInvalid: null },
    anchor: null,
    head: { seq: 12 },
    entriesVerified: 6,
    detectedAt: '2026-03-01T12:00:00.000Z',
    verifiedBy: 'schedule',
  },
  [EVENTS.providerCircuitChanged]: {
    deploymentId: 'openai-east',
    provider: 'openai',
    publicModels: ['openai/gpt-4o', 'gpt-4o'],
    from: 'closed',
    to: 'open',
    reason: '5 consecutive failures',
    consecutiveFailures: 5,
    failureThreshold: 5,
    openForMs: 30_000,
    replicaId: 'gateway-7f9c:1',
    changedAt: '2026-03-01T12:00:00.000Z',
  },
  [EVENTS.auditRecorded]: { entryId: 'e', sourceEventId: 's', action: 'x.y', sequence: 1, hash: '0'.repeat(64) },
};

/** A sample for any subject; a subject added to the contracts after this file gets an empty payload (which may not validate). */
export const sampleData = (subject: string): Record<string, unknown> => structuredClone(SAMPLE_DATA[subject] ?? {});

export function envelope(subject: string, data: Record<string, unknown> = sampleData(subject), overrides: Partial<Envelope> = {}): Envelope {
  const traceId = randomBytes(16).toString('hex');
  return {
    id: randomUUID(),
    type: subject,
    specversion: ENVELOPE_SPEC_VERSION,
    dataversion: EVENT_CONTRACTS[subject]?.version ?? 1,
    source: 'gateway',
    time: new Date().toISOString(),
    orgId: 'org-a',
    traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
    data,
    ...overrides,
  };
}

/** A clock the test sets. */
export class FixedClock extends Clock {
  constructor(public time = new Date('2026-03-01T12:00:00.000Z')) {
    super();
  }
  now(): Date {
    return new Date(this.time);
  }
  advance(ms: number): void {
    this.time = new Date(this.time.getTime() + ms);
  }
}

/** Real randomness, counted. */
export class TestEntropy extends Entropy {
  uuid(): string {
    return randomUUID();
  }
  bytes(n: number): Buffer {
    return randomBytes(n);
  }
}

/** Config values the audit components read, with test-friendly defaults. */
export const testAuditConfig = (overrides: Record<string, unknown> = {}) =>
  ({
    NODE_ENV: 'test',
    AUDIT_RETENTION_DAYS: 400,
    AUDIT_CHECKPOINT_EVERY: 1000,
    AUDIT_CHECKPOINT_INTERVAL_SECONDS: 300,
    AUDIT_INGEST_BATCH_MAX: 500,
    AUDIT_INGEST_LINGER_MS: 2,
    ...overrides,
  }) as never;
