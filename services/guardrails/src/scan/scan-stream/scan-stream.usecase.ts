import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { guardrailsScanStreamRpc, type RpcRequest, type RpcResponse } from '@ironcage/contracts';
import { DecisionEvents, eventId } from '../../common/decision-events';
import { Sealer } from '../../common/sealer';
import type { GuardrailsConfig } from '../../config';
import type { CompiledDetector, CompiledPolicy } from '../../policies/compiled-policy';
import { type ModeByType, PII_ENTITIES, type RedactionMode, type ScanEngine, SECRET_RULES } from '../../scanners';
import { SCAN_ENGINE } from '../scan-engine.provider';
import { ScanError, ScanErrorCode } from '../scan.exception';
import { describeTypes, ScanTextsUseCase } from '../scan-texts/scan-texts.usecase';
import { VaultStore } from '../vault-store';
import { restore, snapshot, type StreamSnapshot } from './stream-state';

export type ScanStreamRequest = RpcRequest<typeof guardrailsScanStreamRpc>;
export type ScanStreamResponse = RpcResponse<typeof guardrailsScanStreamRpc>;
type StreamFinding = ScanStreamResponse['findings'][number];

interface SealedStream {
  nextSeq: number;
  window: StreamSnapshot;
}

const PII_TYPES: ReadonlySet<string> = new Set(PII_ENTITIES);
/** Types the stream scanner reports for secrets longer than its window. */
const STREAM_SECRET_TYPES = ['private-key-pem', 'jwt'];

const modesByPolicy = new WeakMap<object, ModeByType>();

/** streamModes of a compiled policy, computed once per policy (policies are immutable once compiled). */
const cachedModes = (policy: CompiledPolicy): ModeByType => {
  let modes = modesByPolicy.get(policy);
  if (!modes) modesByPolicy.set(policy, (modes = streamModes(policy.output)));
  return modes;
};

/** The output policy as one mode per type: allow for what does not count, block for block, never tokenise output. */
export function streamModes(detectors: { pii: CompiledDetector; secrets: CompiledDetector }): ModeByType {
  const modes: Record<string, RedactionMode> = {};
  const modeOf = (d: CompiledDetector, type: string): RedactionMode => {
    if (!d.policy.enabled || !d.counts(type) || d.policy.action === 'allow') return 'allow';
    // a stream cannot wait for a person: held means blocked here
    if (d.policy.action === 'block' || d.policy.action === 'require_approval') return 'block';
    const m = d.policy.modes[type] ?? d.policy.modes.default ?? 'placeholder';
    return m === 'tokenize' ? 'placeholder' : m;
  };
  for (const t of PII_ENTITIES) modes[t] = modeOf(detectors.pii, t);
  for (const r of SECRET_RULES) modes[r.id] = modeOf(detectors.secrets, r.id);
  for (const t of STREAM_SECRET_TYPES) modes[t] = modeOf(detectors.secrets, t);
  return modes;
}

/**
 * guardrails.scan.stream: a streamed completion, one delta per call. Placeholders of the input
 * vault are restored (a placeholder split across chunks too), then PII and secrets are redacted by
 * the output policy, holding back at most one window. Nothing is kept on the replica: the window
 * (held text, placeholder numbering, a long secret being dropped) is sealed into `state` (AES-256-GCM
 * under GUARDRAILS_VAULT_KEY, bound to org and request, expiring with the vault TTL).
 */
@Injectable()
export class ScanStreamUseCase {
  private readonly ttlMs: number;

  constructor(
    @Inject(SCAN_ENGINE) private readonly engine: ScanEngine,
    private readonly texts: ScanTextsUseCase,
    private readonly vaults: VaultStore,
    private readonly sealer: Sealer,
    private readonly events: DecisionEvents,
    @Inject(CONFIG) config: Pick<GuardrailsConfig, 'GUARDRAILS_VAULT_TTL_SECONDS'>,
  ) {
    this.ttlMs = config.GUARDRAILS_VAULT_TTL_SECONDS * 1000;
  }

  async execute(request: ScanStreamRequest): Promise<ScanStreamResponse> {
    const checked = guardrailsScanStreamRpc.request.safeParse(request);
    if (!checked.success) throw new ValidationError('The stream scan request is invalid', zodIssuesToDetails(checked.error));
    const req = checked.data;
    const context = [req.orgId, req.requestId];
    let sealed: SealedStream | undefined;
    if (req.seq > 0) {
      sealed = req.state ? this.sealer.open<SealedStream>('stream', context, req.state) : undefined;
      if (!sealed) throw new ScanError(ScanErrorCode.StreamStateInvalid, `stream ${req.requestId}: seq ${req.seq} needs the state of the previous reply (missing, altered or expired)`);
      if (sealed.nextSeq !== req.seq) throw new ScanError(ScanErrorCode.StreamOutOfOrder, `stream ${req.requestId} expects seq ${sealed.nextSeq}, got ${req.seq}`);
    }

    const policy = await this.texts.resolve(req.orgId, req.principal);
    const modes = cachedModes(policy);
    const scanner = this.engine.createStreamScanner({ modes });
    const vault = this.vaults.restore(req.orgId, req.requestId, req.vaultToken);
    const detokenizer = vault && vault.placeholders.length > 0 ? vault.vault.createDetokenizer() : undefined;
    const reported = sealed ? restore(sealed.window, scanner, detokenizer) : 0;

    let text = detokenizer ? detokenizer.push(req.delta) : req.delta;
    if (req.final && detokenizer) text += detokenizer.end();
    let out = scanner.push(text);
    if (req.final) out += scanner.end();

    const findings = scanner.findings.slice(reported).map((f): StreamFinding => {
      const mode = modes[f.type] ?? 'placeholder';
      return {
        scanner: PII_TYPES.has(f.type) ? 'pii' : 'secrets',
        type: f.type,
        start: f.start,
        end: f.end,
        score: f.score,
        action: mode === 'allow' ? 'allow' : mode === 'block' ? 'block' : 'redact',
      };
    });
    const blocked = findings.some((f) => f.action === 'block');
    this.publish(req, policy.source, findings);

    if (req.final || blocked) this.vaults.delete(req.orgId, req.requestId);
    const base = { findings, policyVersion: policy.source.version };
    // once blocked, nothing more of the stream is released
    if (blocked) return { ...base, text: '', action: 'block', held: 0 };
    const action = findings.some((f) => f.action === 'redact') ? 'redact' : 'allow';
    if (req.final) return { ...base, text: out, action, held: 0 };
    const state = this.sealer.seal('stream', context, { nextSeq: req.seq + 1, window: snapshot(scanner, detokenizer) } satisfies SealedStream, Date.now() + this.ttlMs);
    return { ...base, text: out, action, held: scanner.held, state };
  }

  private publish(req: ScanStreamRequest, source: { scope: string; version: number }, findings: StreamFinding[]): void {
    for (const scanner of ['pii', 'secrets'] as const) {
      const fs = findings.filter((f) => f.scanner === scanner && f.action !== 'allow');
      if (fs.length === 0) continue;
      const action = fs.some((f) => f.action === 'block') ? 'block' : 'redact';
      this.events.violation(
        {
          requestId: req.requestId,
          ...(req.principal ? { principal: req.principal } : {}),
          direction: 'output',
          scanner,
          ruleId: `output.${scanner}`,
          action,
          severity: scanner === 'secrets' ? 'critical' : action === 'block' ? 'high' : 'medium',
          policyVersion: source.version,
          ...(source.scope !== 'default' ? { policyScope: source.scope } : {}),
          reason: `streamed output: ${describeTypes(fs)} → ${action}`,
          findings: fs.map((f) => ({ type: f.type, start: f.start, end: f.end, score: f.score })),
        },
        req.orgId,
        eventId(req.requestId, 'stream', scanner, req.seq),
      );
    }
  }
}
