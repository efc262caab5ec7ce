import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type GuardrailsFinding,
  guardrailsScanInputRpc,
  guardrailsScanOutputRpc,
  type Principal,
  type RpcRequest,
  type RpcResponse,
  type ScanAction,
} from '@ironcage/contracts';
import { MetricsRegistry, ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { Counter, Histogram } from 'prom-client';
import { ApprovalRequester } from '../../approvals/approval-requester';
import { DecisionEvents, eventId, type ViolationData } from '../../common/decision-events';
import type { CompiledDetector, CompiledPolicy } from '../../policies/compiled-policy';
import { PolicyCache } from '../../policies/policy-cache';
import type { DirectionPolicy } from '../../policies/policy-document';
import type { Finding, ModeByType, ScanEngine, ScannerName, ScanResult } from '../../scanners';
import { SCAN_ENGINE } from '../scan-engine.provider';
import { ScanError, ScanErrorCode } from '../scan.exception';
import { type RequestVault, VaultStore } from '../vault-store';

export type Direction = 'input' | 'output';
export type ScanInputRequest = RpcRequest<typeof guardrailsScanInputRpc>;
export type ScanOutputRequest = RpcRequest<typeof guardrailsScanOutputRpc>;
export type ScanResponse = RpcResponse<typeof guardrailsScanInputRpc>;

type Scanner = GuardrailsFinding['scanner'];

const SEVERITY_ORDER: Record<ScanAction, number> = { allow: 0, redact: 1, require_approval: 2, block: 3 };
export const mostSevere = (a: ScanAction, b: ScanAction): ScanAction => (SEVERITY_ORDER[b] > SEVERITY_ORDER[a] ? b : a);

const PREVIEW_MAX = 4096;

const EVENT_SEVERITY: Record<Scanner, ViolationData['severity']> = { injection: 'high', pii: 'medium', secrets: 'critical' };

/** Counts per type, e.g. "2 EMAIL_ADDRESS, 1 US_SSN": what fired, never what matched. */
export function describeTypes(findings: readonly { type: string }[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.type, (counts.get(f.type) ?? 0) + 1);
  return [...counts].map(([t, n]) => `${n} ${t}`).join(', ');
}

/** A secret wins over PII it overlaps (an e-mail inside a connection URL). */
export function withoutShadowedPii(findings: Finding[], secrets: readonly Finding[]): Finding[] {
  if (secrets.length === 0) return findings;
  return findings.filter((p) => !secrets.some((s) => p.start < s.end && s.start < p.end));
}

/** The redaction mode of each type present, from the detector that found it. */
export function modesFor(findings: readonly (Finding & { scanner: Scanner })[], detectors: { pii: CompiledDetector; secrets: CompiledDetector }): ModeByType {
  const modes: Record<string, ModeByType[string]> = {};
  for (const f of findings) {
    if (f.scanner === 'injection') continue;
    const m = detectors[f.scanner].policy.modes;
    modes[f.type] = m[f.type] ?? m.default ?? 'placeholder';
  }
  return modes;
}

/**
 * guardrails.scan.input / .output and POST /v1/scan: the org's policy applied to texts. Findings
 * are reported with what the policy did; redaction (and reversible tokenisation into the request's
 * vault) follows the detector's modes; every block, redaction and hold is published as
 * policy.violated naming the scanner, rule and types — never the text.
 */
@Injectable()
export class ScanTextsUseCase {
  private readonly logger = new Logger(ScanTextsUseCase.name);
  private readonly duration: Histogram<'direction'>;
  private readonly decisions: Counter<'direction' | 'action'>;

  constructor(
    @Inject(SCAN_ENGINE) private readonly engine: ScanEngine,
    private readonly policies: PolicyCache,
    private readonly vaults: VaultStore,
    private readonly events: DecisionEvents,
    private readonly approvals: ApprovalRequester,
    metrics: MetricsRegistry,
  ) {
    const registers = [metrics.registry];
    this.duration = new Histogram({
      name: 'guardrails_scan_duration_seconds',
      help: 'Time to apply the policy to one scan request (all texts), excluding transport',
      labelNames: ['direction'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
      registers,
    });
    this.decisions = new Counter({ name: 'guardrails_scan_decisions_total', help: 'Scan requests by decision', labelNames: ['direction', 'action'], registers });
  }

  async execute(direction: 'input', request: ScanInputRequest): Promise<ScanResponse>;
  async execute(direction: 'output', request: ScanOutputRequest): Promise<Omit<ScanResponse, 'vaultToken'>>;
  async execute(direction: Direction, request: ScanInputRequest | ScanOutputRequest): Promise<ScanResponse> {
    const contract = direction === 'input' ? guardrailsScanInputRpc : guardrailsScanOutputRpc;
    const checked = contract.request.safeParse(request);
    if (!checked.success) throw new ValidationError('The scan request is invalid', zodIssuesToDetails(checked.error));
    const req = checked.data as ScanOutputRequest;
    const policy = await this.resolve(req.orgId, req.principal);
    const started = performance.now();
    try {
      const response = await this.apply(direction, req, policy);
      this.decisions.inc({ direction, action: response.action });
      return response;
    } finally {
      this.duration.observe({ direction }, (performance.now() - started) / 1000);
      if (direction === 'output' && !req.keepVault) this.vaults.delete(req.orgId, req.requestId);
    }
  }

  async resolve(orgId: string, principal?: Principal): Promise<CompiledPolicy> {
    try {
      return await this.policies.resolve(orgId, principal);
    } catch (e) {
      this.logger.error({ orgId, err: e }, 'cannot read the org policy');
      throw new ScanError(ScanErrorCode.PolicyUnavailable, `the guardrails policy of org ${orgId} cannot be read right now`);
    }
  }

  private async apply(direction: Direction, req: ScanOutputRequest, policy: CompiledPolicy): Promise<ScanResponse> {
    const dir: DirectionPolicy = policy.document[direction];
    const detectors = policy[direction];
    const base = { policyVersion: policy.source.version, policyScope: policy.source.scope };
    const scanners: ScannerName[] = [];
    if (dir.injection.enabled) scanners.push('injection');
    if (dir.pii.enabled) scanners.push('pii');
    if (dir.secrets.enabled) scanners.push('secrets');

    // Output: placeholders the input scan tokenised are restored first, so the output policy sees
    // (and may redact) what the caller would see, and its own placeholders never meet the vault's.
    let source = req.texts;
    if (direction === 'output') {
      const v = this.vaults.restore(req.orgId, req.requestId, req.vaultToken);
      if (v && v.placeholders.length > 0) source = req.texts.map((t) => v.vault.detokenize(t));
    }
    const restored = source !== req.texts;

    let results: ScanResult[];
    try {
      results = source.map((t) => this.engine.scan(t, { scanners }));
    } catch (e) {
      return this.failed(direction, req, policy, e);
    }

    const findings: (GuardrailsFinding & { scanner: Scanner })[] = [];
    results.forEach((r, index) => {
      if (dir.injection.enabled) {
        const detected = dir.injection.threshold === undefined ? r.injection.detected : r.injection.score >= dir.injection.threshold;
        if (detected) {
          findings.push({ scanner: 'injection', type: 'PROMPT_INJECTION', index, start: 0, end: source[index].length, score: r.injection.score, action: dir.injection.action });
        }
      }
      const secrets = r.secrets.filter((f) => detectors.secrets.counts(f.type) && f.score >= dir.secrets.minScore);
      const pii = withoutShadowedPii(
        r.pii.filter((f) => detectors.pii.counts(f.type) && f.score >= dir.pii.minScore),
        secrets,
      );
      for (const f of pii) findings.push({ scanner: 'pii', type: f.type, index, start: f.start, end: f.end, score: f.score, action: dir.pii.action });
      for (const f of secrets) findings.push({ scanner: 'secrets', type: f.type, index, start: f.start, end: f.end, score: f.score, action: dir.secrets.action });
    });

    let action: ScanAction = findings.reduce<ScanAction>((a, f) => mostSevere(a, f.action), 'allow');
    const blockedBy = new Set<Scanner>(findings.filter((f) => f.action === 'block').map((f) => f.scanner));

    let texts = source;
    let changed = restored;
    let vault: RequestVault | undefined;
    if (action !== 'block') {
      const out: string[] = [];
      for (let i = 0; i < source.length; i++) {
        const toRedact = findings.filter((f) => f.index === i && f.action === 'redact');
        let text = source[i];
        if (toRedact.length > 0) {
          const modes = modesFor(toRedact, detectors);
          if (direction === 'input' && Object.values(modes).includes('tokenize')) vault ??= this.vaults.getOrCreate(req.orgId, req.requestId);
          const r = this.engine.redact(text, toRedact, modes, vault ? { vault: vault.vault } : {});
          if (vault) this.vaults.note(vault, r.applied.filter((a) => a.mode === 'tokenize').map((a) => a.replacement));
          if (r.blocked) {
            // a redaction mode of `block` for a type that was found
            for (const a of r.applied) if (a.mode === 'block') blockedBy.add(toRedact.find((f) => f.type === a.type)!.scanner);
            action = 'block';
          }
          text = r.text;
        }
        out.push(text);
      }
      texts = out;
      changed ||= findings.some((f) => f.action === 'redact');
    }

    let approval: { approvalId: string; expiresAt: string } | undefined;
    const reason = this.reason(findings, blockedBy, action);
    if (action === 'require_approval') {
      approval = await this.approvals.request({
        orgId: req.orgId,
        kind: 'prompt',
        requestId: req.requestId,
        principal: req.principal,
        risk: 'high',
        reason: reason ?? 'the policy holds this prompt for approval',
        argumentsPreview: this.preview(source, findings),
        timeoutSeconds: policy.document.tools.approvalTimeoutSeconds,
        approvers: policy.document.tools.approvers,
      });
    }

    this.publish(direction, req, policy, findings, action, blockedBy, approval?.approvalId);

    const result = findings.map(({ scanner, type, index, start, end, score, action: a }) => ({ scanner, type, index, start, end, score, action: a }));
    if (action === 'block') {
      if (direction === 'input') this.vaults.delete(req.orgId, req.requestId);
      return { action, findings: result, reason, ...base };
    }
    const vaultToken = direction === 'input' && vault && vault.placeholders.length > 0 ? this.vaults.seal(req.orgId, req.requestId, vault) : undefined;
    return {
      action,
      ...(changed ? { texts } : {}),
      findings: result,
      ...(reason ? { reason } : {}),
      ...base,
      ...(approval ? { approvalId: approval.approvalId } : {}),
      ...(vaultToken ? { vaultToken } : {}),
    };
  }

  /** What an approver sees of a held prompt: every PII and secret finding replaced by a placeholder, clipped. */
  private preview(texts: readonly string[], findings: readonly (GuardrailsFinding & { scanner: Scanner })[]): string {
    const parts = texts.map((t, i) => {
      const hide = findings.filter((f) => f.index === i && f.scanner !== 'injection');
      return this.engine.redact(t, hide, { default: 'placeholder' }).text;
    });
    const joined = parts.join('\n---\n');
    return joined.length > PREVIEW_MAX ? `${joined.slice(0, PREVIEW_MAX - 1)}…` : joined;
  }

  private reason(findings: readonly (GuardrailsFinding & { scanner: Scanner })[], blockedBy: Set<Scanner>, action: ScanAction): string | undefined {
    if (action === 'allow' || action === 'redact') return undefined;
    const parts: string[] = [];
    const relevant = (s: Scanner) => (action === 'block' ? blockedBy.has(s) : findings.some((f) => f.scanner === s && f.action === 'require_approval'));
    const injection = findings.find((f) => f.scanner === 'injection');
    if (injection && relevant('injection')) parts.push(`prompt injection detected (score ${injection.score.toFixed(2)})`);
    for (const s of ['secrets', 'pii'] as const) {
      if (!relevant(s)) continue;
      const fs = findings.filter((f) => f.scanner === s);
      if (fs.length) parts.push(`${s === 'pii' ? 'personal data' : 'secrets'}: ${describeTypes(fs)}`);
    }
    return `${action === 'block' ? 'blocked' : 'held for approval'} by policy: ${parts.join('; ') || 'a redaction mode of block'}`;
  }

  private publish(
    direction: Direction,
    req: ScanOutputRequest,
    policy: CompiledPolicy,
    findings: readonly (GuardrailsFinding & { scanner: Scanner })[],
    action: ScanAction,
    blockedBy: Set<Scanner>,
    approvalId: string | undefined,
  ): void {
    for (const scanner of ['injection', 'pii', 'secrets'] as const) {
      const fs = findings.filter((f) => f.scanner === scanner);
      if (fs.length === 0) continue;
      const detectorAction = fs[0].action;
      const eventAction = blockedBy.has(scanner) ? 'block' : detectorAction;
      if (eventAction === 'allow') continue;
      this.events.violation(
        {
          requestId: req.requestId,
          ...(req.principal ? { principal: req.principal } : {}),
          direction,
          scanner,
          ruleId: `${direction}.${scanner}`,
          action: eventAction,
          severity: eventAction === 'block' && scanner === 'pii' ? 'high' : EVENT_SEVERITY[scanner],
          policyVersion: policy.source.version,
          ...(policy.source.scope !== 'default' ? { policyScope: policy.source.scope } : {}),
          reason: `${scanner === 'injection' ? `prompt injection (score ${fs[0].score.toFixed(2)})` : describeTypes(fs)} → ${eventAction}${action === 'block' && eventAction !== 'block' ? ' (request blocked by another scanner)' : ''}`,
          ...(approvalId && eventAction === 'require_approval' ? { approvalId } : {}),
          findings: fs.slice(0, 1000).map((f) => ({ type: f.type, start: f.start, end: f.end, index: f.index, score: f.score })),
        },
        req.orgId,
        eventId(req.requestId, direction, scanner),
      );
    }
  }

  private failed(direction: Direction, req: ScanOutputRequest, policy: CompiledPolicy, error: unknown): ScanResponse {
    const open = policy.document.failMode === 'open';
    this.logger.error({ orgId: req.orgId, requestId: req.requestId, direction, failMode: policy.document.failMode, err: error }, 'scan failed');
    this.events.violation(
      {
        requestId: req.requestId,
        ...(req.principal ? { principal: req.principal } : {}),
        direction,
        scanner: 'scan',
        ruleId: 'failMode',
        action: open ? 'flag' : 'block',
        severity: 'high',
        policyVersion: policy.source.version,
        reason: open ? 'scanning failed; failMode open let the texts through unscanned' : 'scanning failed; failMode closed blocked the request',
      },
      req.orgId,
      eventId(req.requestId, direction, 'scan'),
    );
    const base = { policyVersion: policy.source.version, policyScope: policy.source.scope, findings: [] };
    return open ? { action: 'allow', failedOpen: true, ...base } : { action: 'block', reason: 'scanning failed and the policy fails closed', ...base };
  }
}
