import {
  type AdminChanged,
  type AgentLifecycle,
  type ApprovalDecided,
  type ApprovalRequested,
  type AuditChainBroken,
  type BudgetThreshold,
  type BudgetUnpriced,
  type CostIncurred,
  type CredentialAccessed,
  type CredentialRevoked,
  type CredentialRotated,
  type CredentialRotationDue,
  type DocChanged,
  EVENT_CONTRACTS,
  EVENTS,
  type PolicyChanged,
  type PrivacyErasureCompleted,
  type PrivacyErasureRequested,
  type PolicyViolated,
  type Principal,
  type ProviderCircuitChanged,
  type RequestReceived,
  type SandboxViolation,
} from '@ironcage/contracts';
import type { AuditActor } from '../chain/audit-chain';

/** What an entry says happened, in words every event type shares. */
export const AUDIT_OUTCOMES = ['success', 'failure', 'denied', 'blocked', 'redacted', 'flagged', 'pending', 'info'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface EntryDescription {
  actor: AuditActor | null;
  /** `<type>:<id>`, e.g. `model:gpt-4o`, `credential:cred_1`, `team:t1`. */
  resource: string | null;
  outcome: AuditOutcome;
  summary: string;
}

/**
 * Every subject the audit trail records: all of them but its own `audit.recorded` and
 * `error.reported` (operational noise that error tracking groups instead, not an action by anyone).
 */
export const AUDITED_SUBJECTS: string[] = Object.keys(EVENT_CONTRACTS).filter((s) => s !== EVENTS.auditRecorded && s !== EVENTS.errorReported);

const SUMMARY_MAX = 512;
const clip = (s: string): string => (s.length > SUMMARY_MAX ? `${s.slice(0, SUMMARY_MAX - 1)}…` : s);
const usd = (micros: number): string => (micros / 1_000_000).toFixed(micros % 10_000 === 0 ? 2 : 6);

function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A principal as an actor: the agent or user acting through the key if known, else the key. */
export function principalActor(p: Principal): AuditActor {
  const [type, id] = p.agentId ? ['agent', p.agentId] : p.userId ? ['user', p.userId] : ['key', p.keyId];
  return compact({ type, id, keyId: p.keyId, userId: p.userId, teamId: p.teamId, projectId: p.projectId, agentId: p.agentId });
}

const serviceActor = (source: string): AuditActor => ({ type: 'service', id: source });

type Describer<T> = (data: T, source: string, orgId: string) => EntryDescription;

const requestOutcome = (status: number): AuditOutcome => (status < 400 ? 'success' : status === 401 || status === 403 || status === 429 ? 'denied' : 'failure');

const POLICY_OUTCOME: Record<PolicyViolated['action'], AuditOutcome> = {
  block: 'blocked',
  redact: 'redacted',
  require_approval: 'pending',
  flag: 'flagged',
};

const describers: { [subject: string]: Describer<never> } = {
  [EVENTS.requestReceived]: ((d: RequestReceived) => ({
    actor: principalActor(d.principal),
    resource: d.model ? `model:${d.model}` : `endpoint:${d.endpoint}`,
    outcome: requestOutcome(d.status),
    summary: `${d.method} ${d.endpoint} → ${d.status}${d.model ? ` (${d.provider ? `${d.provider}/` : ''}${d.model})` : ''}${d.errorCode ? ` ${d.errorCode}` : ''}`,
  })) satisfies Describer<RequestReceived>,

  [EVENTS.costIncurred]: ((d: CostIncurred) =>
    d.model
      ? {
          actor: principalActor(d.principal),
          resource: `model:${d.model}`,
          outcome: 'info',
          summary: `${d.provider ? `${d.provider}/` : ''}${d.model}: ${d.usage.inputTokens} input and ${d.usage.outputTokens} output tokens, ${usd(d.costMicros)} ${d.currency}${d.estimated ? ' (estimated)' : ''}${d.priced ? '' : ' (unpriced)'}`,
        }
      : {
          actor: principalActor(d.principal),
          resource: `request:${d.requestId}`,
          outcome: 'info',
          summary: `refused before a model was called: ${usd(d.costMicros)} ${d.currency}`,
        }) satisfies Describer<CostIncurred>,

  [EVENTS.policyViolated]: ((d: PolicyViolated, source: string) => ({
    actor: d.principal ? principalActor(d.principal) : serviceActor(source),
    resource: d.requestId ? `request:${d.requestId}` : `rule:${d.scanner}/${d.ruleId}`,
    outcome: POLICY_OUTCOME[d.action],
    summary:
      `${d.scanner} ${d.action} on ${d.direction}${d.tool ? ` of ${d.tool}` : ''} (rule ${d.ruleId}, ${d.severity}` +
      `${d.findings ? `, ${d.findings.length} finding${d.findings.length === 1 ? '' : 's'}` : ''})${d.reason ? `: ${d.reason}` : ''}`,
  })) satisfies Describer<PolicyViolated>,

  [EVENTS.policyChanged]: ((d: PolicyChanged, source: string) => ({
    actor: d.changedBy ? { type: 'user', id: d.changedBy } : serviceActor(source),
    resource: `policy:${d.scope}`,
    outcome: 'success',
    summary: `policy version ${d.version} active for ${d.scope}${d.previousVersion ? ` (was ${d.previousVersion})` : ''}`,
  })) satisfies Describer<PolicyChanged>,

  [EVENTS.approvalRequested]: ((d: ApprovalRequested, source: string) => ({
    actor: d.principal ? principalActor(d.principal) : serviceActor(source),
    resource: `approval:${d.approvalId}`,
    outcome: 'pending',
    summary: `${d.kind}${d.tool ? ` ${d.tool}` : ''} held for approval (${d.risk} risk) until ${d.expiresAt}: ${d.reason}`,
  })) satisfies Describer<ApprovalRequested>,

  [EVENTS.approvalDecided]: ((d: ApprovalDecided) => ({
    actor: d.decidedBy.startsWith('system:') ? { type: 'service', id: d.decidedBy } : { type: 'user', id: d.decidedBy },
    resource: `approval:${d.approvalId}`,
    outcome: d.decision === 'approved' ? 'success' : 'denied',
    summary: `${d.kind}${d.tool ? ` ${d.tool}` : ''} ${d.decision} by ${d.decidedBy}${d.comment ? `: ${d.comment}` : ''}`,
  })) satisfies Describer<ApprovalDecided>,

  [EVENTS.auditChainBroken]: ((d: AuditChainBroken, source: string, orgId: string) => ({
    actor: d.verifiedBy === 'schedule' ? serviceActor(source) : { type: 'admin', id: 'platform-admin' },
    resource: `audit_chain:${orgId}`,
    outcome: 'failure',
    summary: d.problem
      ? `audit chain broken: entry ${d.problem.seq} ${d.problem.kind}${d.problem.entryId ? ` (${d.problem.entryId})` : ''} — ${d.problem.message}`
      : d.checkpoints.firstInvalid
        ? `audit chain broken: ${d.checkpoints.firstInvalid.kind} checkpoint at ${d.checkpoints.firstInvalid.seq} ${d.checkpoints.firstInvalid.signature === 'unknown_key' ? 'signed with an untrusted key' : 'has an invalid signature'}${d.checkpoints.invalid > 1 ? ` (${d.checkpoints.invalid} invalid)` : ''}`
        : `audit chain broken: the retention anchor at ${d.anchor?.seq ?? '?'} does not verify`,
  })) satisfies Describer<AuditChainBroken>,

  [EVENTS.providerCircuitChanged]: ((d: ProviderCircuitChanged) => ({
    actor: { type: 'service', id: `gateway@${d.replicaId}` },
    resource: `deployment:${d.deploymentId}`,
    outcome: d.to === 'open' ? 'failure' : d.to === 'closed' ? 'success' : 'info',
    summary: `circuit of ${d.provider} deployment ${d.deploymentId} (${d.publicModels.join(', ') || 'no public model'}) ${d.from} → ${d.to}: ${d.reason}${d.to === 'open' && d.openForMs !== undefined ? `, next probe in ${Math.round(d.openForMs / 1000)} s` : ''}`,
  })) satisfies Describer<ProviderCircuitChanged>,

  [EVENTS.docChanged]: ((d: DocChanged) => ({
    actor: { type: 'connector', id: d.connectorId },
    resource: `document:${d.documentId}`,
    outcome: 'success',
    summary: `document ${d.documentId} ${d.change} at its source (connector ${d.connectorId})`,
  })) satisfies Describer<DocChanged>,

  [EVENTS.budgetThreshold]: ((d: BudgetThreshold, _source: string, orgId: string) => ({
    actor: d.scope.kind === 'org' ? { type: 'org', id: orgId } : { type: d.scope.kind, id: d.scope.id, [`${d.scope.kind}Id`]: d.scope.id },
    resource: `budget:${d.budgetId}`,
    outcome: d.thresholdPercent >= 100 && d.enforced ? 'denied' : 'info',
    summary: `budget ${d.budgetName ?? d.budgetId} reached ${d.thresholdPercent}% (${usd(d.spentMicros)} of ${usd(d.limitMicros)})${d.scope.model ? ` for ${d.scope.model}` : ''}`,
  })) satisfies Describer<BudgetThreshold>,

  [EVENTS.budgetUnpriced]: ((d: BudgetUnpriced, source: string) => ({
    actor: serviceActor(source),
    resource: `model:${d.model}`,
    outcome: d.policy === 'refuse' ? 'denied' : 'info',
    summary: `${d.provider}/${d.model} has no price: ${d.policy === 'refuse' ? 'requests refused' : 'served and recorded as unpriced'} (first request ${d.requestId})`,
  })) satisfies Describer<BudgetUnpriced>,

  [EVENTS.credentialRotated]: ((d: CredentialRotated, source: string) => ({
    actor: serviceActor(source),
    resource: `credential:${d.credentialId}`,
    outcome: 'success',
    summary: `${d.provider} credential ${d.credentialId} rotated to version ${d.currentVersion}${d.mode ? ` (${d.mode})` : ''}`,
  })) satisfies Describer<CredentialRotated>,

  [EVENTS.credentialRotationDue]: ((d: CredentialRotationDue, source: string) => ({
    actor: d.ownerTeam ? { type: 'team', id: d.ownerTeam, teamId: d.ownerTeam } : serviceActor(source),
    resource: `credential:${d.credentialId}`,
    outcome: 'pending',
    summary: `${d.provider} credential ${d.name} is due for rotation at ${d.dueAt} (every ${d.intervalDays} days)`,
  })) satisfies Describer<CredentialRotationDue>,

  [EVENTS.credentialRevoked]: ((d: CredentialRevoked, source: string) => ({
    actor: serviceActor(source),
    resource: `credential:${d.credentialId}`,
    outcome: d.providerRevoked ? 'success' : 'pending',
    summary: `${d.provider} credential ${d.credentialId} ${d.versions.length ? `versions ${d.versions.join(', ')}` : '(all versions)'} revoked: ${d.reason}${d.providerRevoked ? '' : ' (revoke it at the provider by hand)'}`,
  })) satisfies Describer<CredentialRevoked>,

  [EVENTS.credentialAccessed]: ((d: CredentialAccessed) => ({
    actor: { type: d.action === 'lease' ? 'service' : 'user', id: d.actorId },
    resource: `credential:${d.credentialId}`,
    outcome: 'success',
    summary: `${d.action} of credential ${d.credentialId}${d.versions?.length ? ` (versions ${d.versions.join(', ')})` : ''}${d.deployment ? ` for ${d.deployment}` : ''}${d.reason ? `: ${d.reason}` : ''}`,
  })) satisfies Describer<CredentialAccessed>,

  [EVENTS.sandboxViolation]: ((d: SandboxViolation, source: string) => ({
    actor: serviceActor(source),
    resource: `sandbox:${d.sandboxId}`,
    outcome: 'blocked',
    summary: `sandbox ${d.sandboxId}${d.executionId ? ` execution ${d.executionId}` : ''}: ${d.kind} — ${d.detail}`,
  })) satisfies Describer<SandboxViolation>,

  [EVENTS.agentLifecycle]: ((d: AgentLifecycle) => ({
    actor: { type: 'agent', id: d.agentId, agentId: d.agentId },
    resource: `agent:${d.agentId}`,
    outcome: d.state === 'failed' || d.state === 'rolled_back' ? 'failure' : 'success',
    summary: `agent ${d.agentId} ${d.version}${d.deploymentId ? ` (deployment ${d.deploymentId})` : ''}: ${d.state}${d.reason ? ` — ${d.reason}` : ''}`,
  })) satisfies Describer<AgentLifecycle>,

  [EVENTS.privacyErasureRequested]: ((d: PrivacyErasureRequested) => ({
    actor: { type: 'user', id: d.requestedBy },
    resource: `erasure:${d.erasureId}`,
    outcome: 'pending',
    // never the person's identifier: it is in `data` only, which the erasure pseudonymises
    summary: `erasure ${d.erasureId} of a person's data requested by ${d.requestedBy}${d.reason ? `: ${d.reason}` : ''}`,
  })) satisfies Describer<PrivacyErasureRequested>,

  [EVENTS.privacyErasureCompleted]: ((d: PrivacyErasureCompleted) => ({
    actor: { type: 'service', id: d.service },
    resource: `erasure:${d.erasureId}`,
    outcome: 'success',
    summary: `erasure ${d.erasureId} done by ${d.service}: ${d.records} record${d.records === 1 ? '' : 's'} ${d.action}`,
  })) satisfies Describer<PrivacyErasureCompleted>,

  [EVENTS.adminChanged]: ((d: AdminChanged) => {
    const actorType = typeof d.changes?.actorType === 'string' ? d.changes.actorType : 'user';
    const userId = typeof d.changes?.actorUserId === 'string' ? d.changes.actorUserId : undefined;
    return {
      actor: compact({ type: actorType, id: d.actorId, userId, keyId: actorType === 'key' ? d.actorId : undefined }),
      resource: `${d.resourceType}:${d.resourceId}`,
      outcome: 'success',
      summary: `${d.action} on ${d.resourceType} ${d.resourceId}`,
    };
  }) satisfies Describer<AdminChanged>,
};

/** Subjects recorded with the generic description: an event added to the contracts and not mapped here yet. */
export const subjectsWithoutDescriber = (): string[] => AUDITED_SUBJECTS.filter((s) => !describers[s]);

/** For an event this module does not know: whatever common fields it carries. */
function describeGeneric(data: Record<string, unknown>, subject: string, source: string): EntryDescription {
  const p = data.principal as Principal | undefined;
  const actor =
    p && typeof p === 'object' && typeof p.keyId === 'string'
      ? principalActor(p)
      : typeof data.actorId === 'string'
        ? { type: 'user', id: data.actorId }
        : serviceActor(source);
  const idField = Object.entries(data).find(([k, v]) => k !== 'actorId' && k.endsWith('Id') && typeof v === 'string');
  return { actor, resource: idField ? `${idField[0].slice(0, -2)}:${String(idField[1])}` : null, outcome: 'info', summary: subject };
}

const ID_FIELD: Record<string, keyof AuditActor> = { key: 'keyId', user: 'userId', team: 'teamId', project: 'projectId', agent: 'agentId' };

/** An actor of type `user` (`key`, `team`, …) also carries its id as `userId`, so one filter finds it whatever the event type. */
function normaliseActor(a: AuditActor | null): AuditActor | null {
  if (!a) return null;
  const field = ID_FIELD[a.type];
  return field && a[field] === undefined ? { ...a, [field]: a.id } : a;
}

/** Who, what resource, outcome and a one-line summary of an event, by event type. */
export function describeEvent(subject: string, data: Record<string, unknown>, source: string, orgId: string): EntryDescription {
  const describer = describers[subject] as Describer<Record<string, unknown>> | undefined;
  const d = describer ? describer(data, source, orgId) : describeGeneric(data, subject, source);
  return { ...d, actor: normaliseActor(d.actor), summary: clip(d.summary) };
}
