import { EVENT_CONTRACTS, EVENTS } from '@ironcage/contracts';
import { sampleData } from '../../testing/audit-fixtures';
import { AUDIT_OUTCOMES, AUDITED_SUBJECTS, describeEvent, principalActor, subjectsWithoutDescriber } from './describe-event';

describe('describeEvent', () => {
  it('covers every event subject in the contracts except its own audit.recorded and error reports', () => {
    expect(AUDITED_SUBJECTS).not.toContain(EVENTS.auditRecorded);
    expect(AUDITED_SUBJECTS).not.toContain(EVENTS.errorReported);
    expect([...AUDITED_SUBJECTS, EVENTS.auditRecorded, EVENTS.errorReported].sort()).toEqual(Object.keys(EVENT_CONTRACTS).sort());
  });

  it('has a description of its own for every subject it knows a sample of', () => {
    const known = AUDITED_SUBJECTS.filter((s) => Object.keys(sampleData(s)).length > 0);
    expect(subjectsWithoutDescriber().filter((s) => known.includes(s))).toEqual([]);
  });

  it.each(AUDITED_SUBJECTS.filter((s) => Object.keys(sampleData(s)).length > 0))('describes %s with an actor, a resource, an outcome and a summary', (subject) => {
    const data = EVENT_CONTRACTS[subject].schema.parse(sampleData(subject)) as Record<string, unknown>;
    const d = describeEvent(subject, data, 'gateway', 'org-a');
    expect(d.actor).toEqual(expect.objectContaining({ type: expect.any(String), id: expect.any(String) }));
    expect(d.resource).toMatch(/^[a-z_]+:.+/);
    expect(AUDIT_OUTCOMES).toContain(d.outcome);
    expect(d.summary.length).toBeGreaterThan(5);
  });

  it('attributes a request to the user behind the key, with key and team', () => {
    const d = describeEvent(EVENTS.requestReceived, sampleData(EVENTS.requestReceived), 'gateway', 'org-a');
    expect(d).toEqual({
      actor: { type: 'user', id: 'user-1', userId: 'user-1', keyId: 'key-1', teamId: 'team-1' },
      resource: 'model:gpt-4o',
      outcome: 'success',
      summary: 'POST /v1/chat/completions → 200 (openai/gpt-4o)',
    });
  });

  it('maps status codes to outcomes: refusals are denied, errors are failures', () => {
    const at = (status: number) => describeEvent(EVENTS.requestReceived, { ...sampleData(EVENTS.requestReceived), status }, 'gateway', 'o').outcome;
    expect([at(200), at(302), at(401), at(403), at(429), at(400), at(502)]).toEqual(['success', 'success', 'denied', 'denied', 'denied', 'failure', 'failure']);
  });

  it('names what a guardrail did as the outcome', () => {
    const at = (action: string) => describeEvent(EVENTS.policyViolated, { ...sampleData(EVENTS.policyViolated), action }, 'guardrails', 'o').outcome;
    expect([at('block'), at('redact'), at('require_approval'), at('flag')]).toEqual(['blocked', 'redacted', 'pending', 'flagged']);
  });

  it('prefers the agent, then the user, then the key as the actor of a principal', () => {
    expect(principalActor({ keyId: 'k', userId: 'u', agentId: 'a' })).toMatchObject({ type: 'agent', id: 'a', keyId: 'k', userId: 'u' });
    expect(principalActor({ keyId: 'k', teamId: 't' })).toEqual({ type: 'key', id: 'k', keyId: 'k', teamId: 't' });
  });

  it('attributes admin changes and credential access to whoever made them, findable by user id', () => {
    expect(describeEvent(EVENTS.adminChanged, sampleData(EVENTS.adminChanged), 'gateway', 'o')).toMatchObject({
      actor: { type: 'user', id: 'user-9', userId: 'user-9' },
      resource: 'key:key-7',
      summary: 'key.revoked on key key-7',
    });
    expect(describeEvent(EVENTS.credentialAccessed, sampleData(EVENTS.credentialAccessed), 'credentials', 'o').actor).toEqual({ type: 'service', id: 'gateway' });
  });

  it('records who decided a held action, a timeout as the system, and anything but an approval as denied', () => {
    const at = (decision: string, decidedBy: string) => describeEvent(EVENTS.approvalDecided, { ...sampleData(EVENTS.approvalDecided), decision, decidedBy }, 'guardrails', 'o');
    expect(at('approved', 'user-9')).toMatchObject({ actor: { type: 'user', id: 'user-9' }, outcome: 'success', resource: 'approval:appr-1' });
    expect(at('expired', 'system:timeout')).toMatchObject({ actor: { type: 'service', id: 'system:timeout' }, outcome: 'denied' });
    expect(describeEvent(EVENTS.approvalRequested, sampleData(EVENTS.approvalRequested), 'guardrails', 'o')).toMatchObject({ actor: { type: 'agent', id: 'agent-1' }, outcome: 'pending' });
    expect(describeEvent(EVENTS.policyChanged, sampleData(EVENTS.policyChanged), 'guardrails', 'o')).toMatchObject({ resource: 'policy:team:team-1', summary: 'policy version 3 active for team:team-1 (was 2)' });
  });

  it('attributes a budget threshold to the scope that spent it', () => {
    expect(describeEvent(EVENTS.budgetThreshold, sampleData(EVENTS.budgetThreshold), 'budget', 'o')).toMatchObject({
      actor: { type: 'team', id: 'team-1', teamId: 'team-1' },
      outcome: 'denied',
    });
  });

  it('records an event type it has no description for with what the payload commonly carries', () => {
    expect(describeEvent('future.thing', { principal: { keyId: 'k1' }, widgetId: 'w1' }, 'gateway', 'o')).toEqual({
      actor: { type: 'key', id: 'k1', keyId: 'k1' },
      resource: 'widget:w1',
      outcome: 'info',
      summary: 'future.thing',
    });
    expect(describeEvent('future.other', {}, 'sandbox', 'o').actor).toEqual({ type: 'service', id: 'sandbox' });
  });

  it('keeps summaries to one bounded line', () => {
    const d = describeEvent(EVENTS.sandboxViolation, { ...sampleData(EVENTS.sandboxViolation), detail: 'x'.repeat(1024) }, 'sandbox', 'o');
    expect(d.summary.length).toBe(512);
    expect(d.summary.endsWith('…')).toBe(true);
  });
});
