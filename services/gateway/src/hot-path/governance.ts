import { Inject, Injectable, Logger } from '@nestjs/common';
import { RpcClient } from '@ironcage/bus';
import { budgetAuthorizeRpc, guardrailsScanInputRpc, guardrailsScanOutputRpc, guardrailsScanStreamRpc, type RpcResponse } from '@ironcage/contracts';
import { CONFIG, MetricsRegistry } from '@ironcage/kit';
import { Counter } from 'prom-client';
import type { DataPlaneConfig } from '../inference/data-plane.config';
import { eventPrincipal } from '../usage-events/usage-events';
import type { RequestRecord } from '../usage-events/request-record';
import { HotPathError, HotPathErrorCode } from './hot-path.exception';

export type FailMode = 'open' | 'closed';

/**
 * What the gateway does when guardrails or budget is switched on but does not answer: refuse
 * (`closed`, the default) or let the call through (`open`), per organisation. Today from
 * configuration (GATEWAY_FAIL_MODE, GATEWAY_FAIL_MODE_ORGS); an organisation setting later.
 */
@Injectable()
export class FailurePolicy {
  private readonly byOrg: Readonly<Record<string, FailMode>>;
  private readonly fallback: FailMode;

  constructor(@Inject(CONFIG) config: Pick<DataPlaneConfig, 'GATEWAY_FAIL_MODE' | 'GATEWAY_FAIL_MODE_ORGS'>) {
    this.byOrg = config.GATEWAY_FAIL_MODE_ORGS;
    this.fallback = config.GATEWAY_FAIL_MODE;
  }

  modeFor(orgId: string): FailMode {
    return this.byOrg[orgId] ?? this.fallback;
  }
}

/** Counts calls let through because a governance service did not answer (fail open). */
@Injectable()
export class GovernanceMetrics {
  readonly failedOpen?: Counter<'service'>;
  constructor(metrics?: MetricsRegistry) {
    if (metrics) this.failedOpen = new Counter({ name: 'gateway_governance_fail_open_total', help: 'Calls let through because guardrails or budget did not answer and the organisation fails open', labelNames: ['service'], registers: [metrics.registry] });
  }
}

type ScanResult = RpcResponse<typeof guardrailsScanInputRpc>;

/**
 * One request's conversation with guardrails: the token vault the input scan sealed (so the
 * output scans can restore tokenised values on any replica) and the sealed window state of a
 * streamed output scan.
 */
export class GuardrailsSession {
  vaultToken?: string;
  seq = 0;
  state?: string;
  /** Guardrails stopped answering mid-stream and the organisation fails open: the rest goes unscanned. */
  bypass = false;
}

/**
 * `guardrails.scan.input` / `.output` / `.stream` over NATS. Off by config (GATEWAY_GUARDRAILS=off)
 * it is never called. `block` or `require_approval` refuses the call; replacement texts (redacted,
 * or for output de-tokenised) are used instead of the originals. No answer (timeout, no
 * responders, an error reply) → the organisation's failure mode.
 */
@Injectable()
export class Guardrails {
  readonly enabled: boolean;
  readonly streamWindow: number;
  private readonly timeoutMs: number;
  private readonly logger = new Logger('Guardrails');

  constructor(
    private readonly rpc: RpcClient,
    private readonly policy: FailurePolicy,
    private readonly metrics: GovernanceMetrics,
    @Inject(CONFIG) config: Pick<DataPlaneConfig, 'GATEWAY_GUARDRAILS' | 'GATEWAY_GUARDRAILS_STREAM_WINDOW' | 'GATEWAY_GUARDRAILS_TIMEOUT_MS'>,
  ) {
    this.enabled = config.GATEWAY_GUARDRAILS === 'on';
    this.streamWindow = config.GATEWAY_GUARDRAILS_STREAM_WINDOW;
    this.timeoutMs = config.GATEWAY_GUARDRAILS_TIMEOUT_MS;
  }

  /** The texts to send instead (redacted), or undefined when the prompt may go as it is. */
  async scanInput(record: RequestRecord, session: GuardrailsSession, texts: string[]): Promise<string[] | undefined> {
    if (!this.enabled || texts.length === 0) return undefined;
    const result = await this.call('input', record, () =>
      this.rpc.call(
        guardrailsScanInputRpc,
        { requestId: record.requestId, orgId: record.principal.orgId, principal: eventPrincipal(record.principal), texts },
        { timeoutMs: this.timeoutMs },
      ),
    );
    if (!result) return undefined;
    session.vaultToken = result.vaultToken;
    return this.verdict('input', result);
  }

  /** A whole completion: the texts to answer instead (redacted, de-tokenised), or undefined. */
  async scanOutput(record: RequestRecord, session: GuardrailsSession, texts: string[]): Promise<string[] | undefined> {
    if (!this.enabled || texts.length === 0) return undefined;
    const result = await this.call('output', record, () =>
      this.rpc.call(guardrailsScanOutputRpc, {
        requestId: record.requestId,
        orgId: record.principal.orgId,
        principal: eventPrincipal(record.principal),
        texts,
        ...(session.vaultToken ? { vaultToken: session.vaultToken } : {}),
      }, { timeoutMs: this.timeoutMs }),
    );
    return result ? this.verdict('output', result) : undefined;
  }

  /**
   * One window of a streamed completion (`final` on the last): the text that may be sent now.
   * Guardrails hold back at most one of their windows, so a value split across chunks is caught.
   */
  async scanStream(record: RequestRecord, session: GuardrailsSession, delta: string, final: boolean): Promise<string> {
    if (!this.enabled || session.bypass) return delta;
    const result = await this.call('output', record, () =>
      this.rpc.call(guardrailsScanStreamRpc, {
        requestId: record.requestId,
        orgId: record.principal.orgId,
        principal: eventPrincipal(record.principal),
        seq: session.seq,
        delta,
        final,
        ...(session.state ? { state: session.state } : {}),
        ...(session.vaultToken ? { vaultToken: session.vaultToken } : {}),
      }, { timeoutMs: this.timeoutMs }),
    );
    if (!result) {
      // failed open: what guardrails still hold is lost with their state; the rest goes unscanned
      session.bypass = true;
      return delta;
    }
    session.seq++;
    session.state = result.state;
    if (result.action === 'block') throw new HotPathError(HotPathErrorCode.OutputBlocked, `The completion was blocked by a guardrail${describeFindings(result.findings)}`);
    return result.text;
  }

  /** The RPC, or undefined when it failed and the organisation fails open. */
  private async call<T>(direction: 'input' | 'output', record: RequestRecord, rpc: () => Promise<T>): Promise<T | undefined> {
    try {
      return await rpc();
    } catch (err) {
      if (this.policy.modeFor(record.principal.orgId) === 'open') {
        this.metrics.failedOpen?.inc({ service: 'guardrails' });
        this.logger.warn({ msg: `guardrails did not answer; ${direction} let through (fail open)`, orgId: record.principal.orgId, requestId: record.requestId, reason: (err as Error).message });
        return undefined;
      }
      throw new HotPathError(HotPathErrorCode.GuardrailsUnavailable, `Guardrails did not answer, and this organisation does not let calls through unscanned: ${(err as Error).message}`);
    }
  }

  private verdict(direction: 'input' | 'output', result: ScanResult | Omit<ScanResult, 'vaultToken'>): string[] | undefined {
    switch (result.action) {
      case 'block': {
        const what = direction === 'input' ? 'The prompt was blocked by a guardrail' : 'The completion was blocked by a guardrail';
        throw new HotPathError(direction === 'input' ? HotPathErrorCode.InputBlocked : HotPathErrorCode.OutputBlocked, `${what}${result.reason ? `: ${result.reason}` : describeFindings(result.findings)}`, direction === 'input' ? { param: 'messages' } : {});
      }
      case 'require_approval':
        throw new HotPathError(HotPathErrorCode.ApprovalRequired, `${result.reason ?? 'This call needs approval before it can run'}${result.approvalId ? ` (approval ${result.approvalId})` : ''}`);
      default:
        return result.texts;
    }
  }
}

function describeFindings(findings: { type: string }[]): string {
  const kinds = [...new Set(findings.map((f) => f.type))];
  return kinds.length ? ` (${kinds.join(', ')})` : '';
}

export interface BudgetRequest {
  model: string;
  provider: string;
  estimatedInputTokens: number;
  maxOutputTokens?: number;
  stream: boolean;
}

/** What the budget reservation allows: the output cap to pass upstream. */
export interface Reservation {
  reservationId: string;
  maxOutputTokens: number;
}

const secondsUntil = (iso: string | undefined, now: number): number | undefined => (iso ? Math.max(1, Math.ceil((Date.parse(iso) - now) / 1000)) : undefined);

/**
 * `budget.authorize` over NATS: reserves the call's worst-case cost on every applicable budget
 * and rate limit, or refuses it (429 with retry-after; 403 for an unpriced model). Off by config
 * (GATEWAY_BUDGET=off). No answer → the organisation's failure mode. The reservation is settled
 * by the request's `cost.incurred`.
 */
@Injectable()
export class Budget {
  readonly enabled: boolean;
  private readonly timeoutMs: number;
  private readonly logger = new Logger('Budget');

  constructor(
    private readonly rpc: RpcClient,
    private readonly policy: FailurePolicy,
    private readonly metrics: GovernanceMetrics,
    @Inject(CONFIG) config: Pick<DataPlaneConfig, 'GATEWAY_BUDGET' | 'GATEWAY_BUDGET_TIMEOUT_MS'>,
  ) {
    this.enabled = config.GATEWAY_BUDGET === 'on';
    this.timeoutMs = config.GATEWAY_BUDGET_TIMEOUT_MS;
  }

  async authorize(record: RequestRecord, request: BudgetRequest): Promise<Reservation | undefined> {
    if (!this.enabled) return undefined;
    let decision: RpcResponse<typeof budgetAuthorizeRpc>;
    try {
      decision = await this.rpc.call(
        budgetAuthorizeRpc,
        {
          requestId: record.requestId,
          orgId: record.principal.orgId,
          principal: eventPrincipal(record.principal),
          model: request.model,
          provider: request.provider,
          estimatedInputTokens: request.estimatedInputTokens,
          ...(request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {}),
          stream: request.stream,
        },
        { timeoutMs: this.timeoutMs },
      );
    } catch (err) {
      if (this.policy.modeFor(record.principal.orgId) === 'open') {
        this.metrics.failedOpen?.inc({ service: 'budget' });
        this.logger.warn({ msg: 'budget did not answer; call let through without a reservation (fail open)', orgId: record.principal.orgId, requestId: record.requestId, reason: (err as Error).message });
        return undefined;
      }
      throw new HotPathError(HotPathErrorCode.BudgetUnavailable, `Budget did not answer, and this organisation does not let calls through unbudgeted: ${(err as Error).message}`);
    }
    if (decision.allowed) return { reservationId: decision.reservationId, maxOutputTokens: decision.maxOutputTokens };
    const now = Date.now();
    switch (decision.code) {
      case 'budget_exceeded':
        throw new HotPathError(HotPathErrorCode.BudgetExceeded, decision.reason, { retryAfterSeconds: secondsUntil(decision.resetsAt, now) });
      case 'rate_limited':
        throw new HotPathError(HotPathErrorCode.RateLimited, decision.reason, {
          retryAfterSeconds: decision.retryAfterMs !== undefined ? Math.max(1, Math.ceil(decision.retryAfterMs / 1000)) : secondsUntil(decision.resetsAt, now),
        });
      case 'unpriced_model':
        throw new HotPathError(HotPathErrorCode.UnpricedModel, decision.reason, { param: 'model' });
    }
  }
}
