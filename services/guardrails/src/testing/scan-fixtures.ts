import { MetricsRegistry } from '@ironcage/kit';
import type { ApprovalRequest, ApprovalRequester } from '../approvals/approval-requester';
import type { DecisionEvents, ViolationData } from '../common/decision-events';
import { Sealer } from '../common/sealer';
import { type CompiledPolicy, compilePolicy } from '../policies/compiled-policy';
import { parsePolicy } from '../policies/parse-policy';
import type { PolicyCache } from '../policies/policy-cache';
import { createScanEngine, type ScanEngine } from '../scanners';
import { VaultStore } from '../scan/vault-store';

let engine: ScanEngine | undefined;
/** One engine per test process (loading the model takes a moment). */
export const testEngine = (): ScanEngine => (engine ??= createScanEngine({ hashKey: 'test-hash-key-0123456789' }));

export const VAULT_KEY = Buffer.alloc(32, 7).toString('base64');

export const policyFrom = (yaml: string, scope = 'org', version = 1): CompiledPolicy => compilePolicy(parsePolicy(yaml).document, { scope, version });

/** A PolicyCache that answers with whatever policy the test sets. */
export class FakePolicies {
  policy: CompiledPolicy = policyFrom('version: 1\n', 'default', 0);
  fail = false;
  async resolve(): Promise<CompiledPolicy> {
    if (this.fail) throw new Error('database is down');
    return this.policy;
  }
  asCache(): PolicyCache {
    return this as unknown as PolicyCache;
  }
}

export class FakeEvents {
  readonly violations: { data: ViolationData; orgId: string; id?: string }[] = [];
  readonly published: { subject: string; data: unknown; orgId: string; id?: string }[] = [];
  violation(data: ViolationData, orgId: string, id?: string): void {
    this.violations.push({ data, orgId, id });
  }
  async publish(contract: { subject: string }, data: unknown, orgId: string, id?: string): Promise<void> {
    this.published.push({ subject: contract.subject, data, orgId, id });
  }
  asEvents(): DecisionEvents {
    return this as unknown as DecisionEvents;
  }
}

export class FakeApprovals {
  readonly requests: ApprovalRequest[] = [];
  async request(input: ApprovalRequest) {
    this.requests.push(input);
    return { approvalId: `appr-${this.requests.length}`, expiresAt: new Date(Date.now() + input.timeoutSeconds * 1000).toISOString() };
  }
  asRequester(): ApprovalRequester {
    return this as unknown as ApprovalRequester;
  }
}

export const testConfig = { GUARDRAILS_VAULT_KEY: VAULT_KEY, GUARDRAILS_VAULT_TTL_SECONDS: 60 };
export const newVaultStore = () => new VaultStore(testConfig, new Sealer(testConfig));
export const newMetrics = () => new MetricsRegistry('guardrails-test');
