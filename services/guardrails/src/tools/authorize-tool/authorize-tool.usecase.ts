import { Inject, Injectable } from '@nestjs/common';
import { guardrailsAuthorizeToolRpc, type RpcRequest, type RpcResponse } from '@ironcage/contracts';
import { CONFIG, MetricsRegistry, ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { Counter } from 'prom-client';
import { ApprovalRequester } from '../../approvals/approval-requester';
import { DecisionEvents, eventId } from '../../common/decision-events';
import type { GuardrailsConfig } from '../../config';
import type { CompiledPolicy, CompiledToolRule } from '../../policies/compiled-policy';
import { RISK_ORDER, type Risk } from '../../policies/policy-document';
import type { ScanEngine } from '../../scanners';
import { SCAN_ENGINE } from '../../scan/scan-engine.provider';
import { ScanTextsUseCase } from '../../scan/scan-texts/scan-texts.usecase';
import { checkPath } from '../validators/path.validator';
import { checkShell } from '../validators/shell.validator';
import { checkSql } from '../validators/sql.validator';
import { checkUrl, dnsResolver, type Resolver } from '../validators/url.validator';

export type AuthorizeToolRequest = RpcRequest<typeof guardrailsAuthorizeToolRpc>;
export type AuthorizeToolResponse = RpcResponse<typeof guardrailsAuthorizeToolRpc>;
type Violation = AuthorizeToolResponse['violations'][number];

export const TOOL_RESOLVER = Symbol('TOOL_RESOLVER');

const SEVERITY: Record<Risk, 'low' | 'medium' | 'high' | 'critical'> = { low: 'low', medium: 'medium', high: 'high', critical: 'critical' };
const PREVIEW_MAX = 4096;

/** `a.b` reads arguments.a.b. */
function argumentAt(args: Record<string, unknown>, path: string): unknown {
  let v: unknown = args;
  for (const key of path.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/**
 * guardrails.authorize-tool: the first rule whose globs match the tool decides; its JSON Schema and
 * parameter checks (SQL, path, URL, shell) must all pass; a risky tool is held for approval. Denials
 * and holds are published as policy.violated with the rule and the reason.
 */
@Injectable()
export class AuthorizeToolUseCase {
  private readonly decisions: Counter<'decision'>;

  constructor(
    private readonly texts: ScanTextsUseCase,
    private readonly approvals: ApprovalRequester,
    private readonly events: DecisionEvents,
    @Inject(SCAN_ENGINE) private readonly engine: ScanEngine,
    @Inject(TOOL_RESOLVER) private readonly resolver: Resolver,
    metrics: MetricsRegistry,
  ) {
    this.decisions = new Counter({ name: 'guardrails_tool_decisions_total', help: 'Tool authorisations by decision', labelNames: ['decision'], registers: [metrics.registry] });
  }

  async execute(request: AuthorizeToolRequest): Promise<AuthorizeToolResponse> {
    const checked = guardrailsAuthorizeToolRpc.request.safeParse(request);
    if (!checked.success) throw new ValidationError('The tool authorisation request is invalid', zodIssuesToDetails(checked.error));
    const req = checked.data;
    const policy = await this.texts.resolve(req.orgId, req.principal);
    const result = await this.decide(req, policy);
    this.decisions.inc({ decision: result.decision });
    if (result.decision !== 'allow') {
      this.events.violation(
        {
          requestId: req.requestId,
          principal: req.principal,
          direction: 'tool',
          scanner: 'tools',
          ruleId: result.ruleId,
          action: result.decision === 'deny' ? 'block' : 'require_approval',
          severity: SEVERITY[result.risk],
          policyVersion: policy.source.version,
          ...(policy.source.scope !== 'default' ? { policyScope: policy.source.scope } : {}),
          reason: result.reason.slice(0, 512),
          tool: req.tool,
          ...(result.approvalId ? { approvalId: result.approvalId } : {}),
        },
        req.orgId,
        eventId(req.requestId, 'tool', req.tool),
      );
    }
    return result;
  }

  private async decide(req: AuthorizeToolRequest, policy: CompiledPolicy): Promise<AuthorizeToolResponse> {
    const tools = policy.document.tools;
    const base = { policyVersion: policy.source.version, violations: [] as Violation[] };
    const rule = policy.tools.find((r) => r.matches(req.tool));
    if (!rule) {
      return tools.default === 'allow'
        ? { ...base, decision: 'allow', reason: `no rule matches ${req.tool}; the default allows it`, risk: 'low', ruleId: 'tools.default' }
        : { ...base, decision: 'deny', reason: `no rule allows ${req.tool}; the default denies it`, risk: 'low', ruleId: 'tools.default' };
    }
    const ruleId = `tools.rules[${rule.index}]`;
    const risk = rule.rule.risk;
    if (rule.rule.action === 'deny') return { ...base, decision: 'deny', reason: rule.rule.reason ?? `${req.tool} is denied by ${ruleId}`, risk, ruleId };

    const violations = await this.violations(rule, req.arguments);
    if (violations.length > 0) {
      const first = violations[0];
      return {
        ...base,
        violations,
        decision: 'deny',
        reason: `${violations.length} argument check${violations.length === 1 ? '' : 's'} failed: ${first.path} ${first.message}`,
        risk,
        ruleId,
      };
    }
    const held = rule.rule.action === 'require_approval' || (tools.approvalAtRisk !== undefined && RISK_ORDER[risk] >= RISK_ORDER[tools.approvalAtRisk]);
    if (!held) return { ...base, decision: 'allow', reason: `${req.tool} is allowed by ${ruleId}`, risk, ruleId };
    const reason = rule.rule.reason ?? `${req.tool} is a ${risk}-risk tool: a person must approve this call`;
    const pending = await this.approvals.request({
      orgId: req.orgId,
      kind: 'tool',
      requestId: req.requestId,
      principal: req.principal,
      tool: req.tool,
      risk,
      reason,
      argumentsPreview: this.preview(req.arguments),
      ...(tools.approvers ? { approvers: tools.approvers } : {}),
      timeoutSeconds: tools.approvalTimeoutSeconds,
    });
    return { ...base, decision: 'require_approval', reason, risk, ruleId, approvalId: pending.approvalId, expiresAt: pending.expiresAt };
  }

  private async violations(rule: CompiledToolRule, args: Record<string, unknown>): Promise<Violation[]> {
    const out: Violation[] = [];
    if (rule.validateArguments && !rule.validateArguments(args)) {
      for (const e of rule.validateArguments.errors ?? []) {
        out.push({ check: 'schema', path: `arguments${e.instancePath.replace(/\//g, '.')}`, message: e.message ?? 'is invalid' });
      }
    }
    const v = rule.rule.validate;
    if (!v) return out;
    const each = (names: readonly string[], check: string, fn: (value: string) => string[]) => {
      for (const name of names) {
        const value = argumentAt(args, name);
        if (value === undefined) continue;
        if (typeof value !== 'string') {
          out.push({ check, path: `arguments.${name}`, message: 'must be a string' });
          continue;
        }
        for (const message of fn(value)) out.push({ check, path: `arguments.${name}`, message });
      }
    };
    if (v.sql) each(v.sql.arguments, 'sql', (s) => checkSql(s, v.sql!));
    if (v.path) each(v.path.arguments, 'path', (p) => checkPath(p, v.path!.roots));
    if (v.shell) each(v.shell.arguments, 'shell', (c) => checkShell(c, rule.commandMatchers));
    if (v.url) {
      const pending: Promise<void>[] = [];
      each(v.url.arguments, 'url', (u) => {
        pending.push(
          checkUrl(u, { schemes: v.url!.schemes, allowPrivate: v.url!.allowPrivate, hostMatchers: rule.hostMatchers }, this.resolver).then((problems) => {
            for (const message of problems) out.push({ check: 'url', path: `arguments.${v.url!.arguments.find((n) => argumentAt(args, n) === u)}`, message });
          }),
        );
        return [];
      });
      await Promise.all(pending);
    }
    return out;
  }

  /** What an approver sees: the arguments with secrets and PII replaced by placeholders, clipped. */
  private preview(args: Record<string, unknown>): string {
    const json = JSON.stringify(args).slice(0, PREVIEW_MAX * 2);
    const r = this.engine.scan(json, { scanners: ['pii', 'secrets'] });
    const redacted = this.engine.redact(json, [...r.secrets, ...r.pii], { default: 'placeholder' }).text;
    return redacted.length > PREVIEW_MAX ? `${redacted.slice(0, PREVIEW_MAX - 1)}…` : redacted;
  }
}

export const toolResolverProvider = {
  provide: TOOL_RESOLVER,
  inject: [CONFIG],
  useFactory: (config: GuardrailsConfig): Resolver => dnsResolver(config.GUARDRAILS_DNS_TIMEOUT_MS),
};
