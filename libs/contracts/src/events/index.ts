import type { EventContract } from '../define';
import { adminChangedEvent } from './admin-changed/admin-changed.event';
import { alertFiredEvent } from './alert-fired/alert-fired.event';
import { alertNotifiedEvent } from './alert-notified/alert-notified.event';
import { alertResolvedEvent } from './alert-resolved/alert-resolved.event';
import { privacyErasureCompletedEvent } from './privacy-erasure-completed/privacy-erasure-completed.event';
import { privacyErasureRequestedEvent } from './privacy-erasure-requested/privacy-erasure-requested.event';
import { agentLifecycleEvent } from './agent-lifecycle/agent-lifecycle.event';
import { auditChainBrokenEvent } from './audit-chain-broken/audit-chain-broken.event';
import { auditRecordedEvent } from './audit-recorded/audit-recorded.event';
import { budgetThresholdEvent } from './budget-threshold/budget-threshold.event';
import { budgetUnpricedEvent } from './budget-unpriced/budget-unpriced.event';
import { costIncurredEvent } from './cost-incurred/cost-incurred.event';
import { credentialAccessedEvent } from './credential-accessed/credential-accessed.event';
import { credentialRevokedEvent } from './credential-revoked/credential-revoked.event';
import { credentialRotatedEvent } from './credential-rotated/credential-rotated.event';
import { credentialRotationDueEvent } from './credential-rotation-due/credential-rotation-due.event';
import { docChangedEvent } from './doc-changed/doc-changed.event';
import { errorReportedEvent } from './error-reported/error-reported.event';
import { approvalDecidedEvent } from './approval-decided/approval-decided.event';
import { approvalRequestedEvent } from './approval-requested/approval-requested.event';
import { policyChangedEvent } from './policy-changed/policy-changed.event';
import { policyViolatedEvent } from './policy-violated/policy-violated.event';
import { providerCircuitChangedEvent } from './provider-circuit-changed/provider-circuit-changed.event';
import { requestReceivedEvent } from './request-received/request-received.event';
import { sandboxViolationEvent } from './sandbox-violation/sandbox-violation.event';

export * from './common/common.schema';
export * from './admin-changed/admin-changed.event';
export * from './alert-fired/alert-fired.event';
export * from './alert-resolved/alert-resolved.event';
export * from './alert-notified/alert-notified.event';
export * from './privacy-erasure-requested/privacy-erasure-requested.event';
export * from './privacy-erasure-completed/privacy-erasure-completed.event';
export * from './agent-lifecycle/agent-lifecycle.event';
export * from './audit-recorded/audit-recorded.event';
export * from './audit-chain-broken/audit-chain-broken.event';
export * from './budget-threshold/budget-threshold.event';
export * from './budget-unpriced/budget-unpriced.event';
export * from './cost-incurred/cost-incurred.event';
export * from './credential-accessed/credential-accessed.event';
export * from './credential-revoked/credential-revoked.event';
export * from './credential-rotated/credential-rotated.event';
export * from './credential-rotation-due/credential-rotation-due.event';
export * from './doc-changed/doc-changed.event';
export * from './error-reported/error-reported.event';
export * from './policy-violated/policy-violated.event';
export * from './policy-changed/policy-changed.event';
export * from './provider-circuit-changed/provider-circuit-changed.event';
export * from './approval-requested/approval-requested.event';
export * from './approval-decided/approval-decided.event';
export * from './request-received/request-received.event';
export * from './sandbox-violation/sandbox-violation.event';

/** Every event contract, keyed by subject: the registry the bus validates against. */
export const EVENT_CONTRACTS: Record<string, EventContract> = Object.fromEntries(
  [
    requestReceivedEvent,
    costIncurredEvent,
    policyViolatedEvent,
    policyChangedEvent,
    approvalRequestedEvent,
    approvalDecidedEvent,
    auditRecordedEvent,
    auditChainBrokenEvent,
    docChangedEvent,
    budgetThresholdEvent,
    budgetUnpricedEvent,
    credentialRotatedEvent,
    credentialRotationDueEvent,
    credentialRevokedEvent,
    credentialAccessedEvent,
    sandboxViolationEvent,
    agentLifecycleEvent,
    adminChangedEvent,
    privacyErasureRequestedEvent,
    privacyErasureCompletedEvent,
    alertFiredEvent,
    alertResolvedEvent,
    alertNotifiedEvent,
    providerCircuitChangedEvent,
    errorReportedEvent,
  ].map((c) => [c.subject, c as EventContract]),
);
