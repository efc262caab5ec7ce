/**
 * Every subject on the bus, in one place. Services reference these constants; no subject string
 * is written anywhere else. Events are `<domain>.<event>` and are stored in JetStream; RPC subjects
 * are answered over core NATS request/reply.
 */
export const EVENTS = {
  requestReceived: 'request.received',
  costIncurred: 'cost.incurred',
  policyViolated: 'policy.violated',
  policyChanged: 'policy.changed',
  approvalRequested: 'policy.approval-requested',
  approvalDecided: 'policy.approval-decided',
  auditRecorded: 'audit.recorded',
  auditChainBroken: 'audit.chain-broken',
  docChanged: 'doc.changed',
  budgetThreshold: 'budget.threshold',
  budgetUnpriced: 'budget.unpriced',
  credentialRotated: 'credential.rotated',
  credentialRotationDue: 'credential.rotation-due',
  credentialRevoked: 'credential.revoked',
  credentialAccessed: 'credential.accessed',
  sandboxViolation: 'sandbox.violation',
  agentLifecycle: 'agent.lifecycle',
  adminChanged: 'admin.changed',
  privacyErasureRequested: 'privacy.erasure-requested',
  privacyErasureCompleted: 'privacy.erasure-completed',
  alertFired: 'alert.fired',
  alertResolved: 'alert.resolved',
  alertNotified: 'alert.notified',
  providerCircuitChanged: 'provider.circuit-changed',
  errorReported: 'error.reported',
} as const;

export type EventSubject = (typeof EVENTS)[keyof typeof EVENTS];

export const RPC = {
  budgetAuthorize: 'budget.authorize',
  budgetSettle: 'budget.settle',
  guardrailsScanInput: 'guardrails.scan.input',
  guardrailsScanOutput: 'guardrails.scan.output',
  guardrailsScanStream: 'guardrails.scan.stream',
  guardrailsAuthorizeTool: 'guardrails.authorize-tool',
  guardrailsApprovalStatus: 'guardrails.approval.status',
  credentialsLease: 'credentials.lease',
  sandboxExec: 'sandbox.exec',
  platformPing: 'platform.ping',
} as const;

export type RpcSubject = (typeof RPC)[keyof typeof RPC];

/** Poison messages are parked on `dlq.<original subject>` with the reason in headers. */
export const DEAD_LETTER_PREFIX = 'dlq';
export const deadLetterSubject = (subject: string): string => `${DEAD_LETTER_PREFIX}.${subject}`;

/** Header names used on every message. */
export const HEADERS = {
  msgId: 'Nats-Msg-Id',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  errorCode: 'Ironcage-Error-Code',
  errorMessage: 'Ironcage-Error-Message',
  deadLetterReason: 'Ironcage-Dlq-Reason',
  deadLetterSubject: 'Ironcage-Dlq-Subject',
  deadLetterStream: 'Ironcage-Dlq-Stream',
  deadLetterSequence: 'Ironcage-Dlq-Stream-Seq',
  deadLetterDeliveries: 'Ironcage-Dlq-Deliveries',
  deadLetterConsumer: 'Ironcage-Dlq-Consumer',
} as const;
