import { uuidv7 } from '@ironcage/bus';
import type { TokenUsage } from '@ironcage/contracts';
import type { Principal } from '../auth';
import type { Pricing } from '../catalogue/catalogue.schema';
import type { Usage } from '../providers';

/** Client closed the connection before the answer was complete (nginx's convention). */
export const CLIENT_CLOSED_STATUS = 499;

/**
 * What the gateway learns about one request while handling it; turned into exactly one
 * `request.received` (and, once the model call was authorised, exactly one `cost.incurred`) when
 * the request finishes, however it finishes.
 */
export class RequestRecord {
  /** performance.now() when the request ended, when it was recorded later than that. */
  ended?: number;
  /** The public model (never an alias) once resolved. */
  model?: string;
  provider?: string;
  deployment?: string;
  pricing?: Pricing;
  stream = false;
  usage?: TokenUsage;
  /** True when `usage` was counted by the gateway because the provider reported none. */
  estimated = false;
  /** Set once the model call is authorised: from then on the request has a cost (zero when nothing was consumed). */
  costApplies = false;
  /** Characters seen, for an estimate when a stream is cut before the provider reports usage. */
  promptChars = 0;
  outputChars = 0;
  finished = false;

  constructor(
    readonly principal: Principal,
    readonly endpoint: string,
    readonly method: string,
    /** Ours, never the client's: the budget ledger and the audit trail are keyed by it. */
    readonly requestId: string = uuidv7(),
    /** performance.now() when the request arrived. */
    readonly started: number = performance.now(),
  ) {}

  useUsage(usage: Usage): void {
    this.usage = tokenUsage(usage);
    this.estimated = false;
  }

  /** Usage to report: the provider's, else an estimate (4 characters a token) from what was seen. */
  finalUsage(): TokenUsage {
    if (this.usage) return this.usage;
    if (this.promptChars === 0 && this.outputChars === 0) return ZERO_USAGE;
    this.estimated = true;
    return { inputTokens: estimateTokens(this.promptChars), outputTokens: estimateTokens(this.outputChars) };
  }
}

export const ZERO_USAGE: TokenUsage = Object.freeze({ inputTokens: 0, outputTokens: 0 });

export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

export function tokenUsage(usage: Usage): TokenUsage {
  const out: TokenUsage = { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens };
  const cached = usage.prompt_tokens_details?.cached_tokens;
  if (cached) out.cachedInputTokens = cached;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (reasoning) out.reasoningTokens = reasoning;
  return out;
}

/**
 * Micro-USD for the usage at the catalogue's prices (USD per million tokens = micro-USD per
 * token), rounded up once. Cached input tokens are part of `inputTokens` (OpenAI's convention).
 */
export function costMicros(usage: TokenUsage, pricing: Pricing | undefined): number {
  if (!pricing) return 0;
  const cached = Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens);
  const cost = (usage.inputTokens - cached) * pricing.input + cached * (pricing.cachedInput ?? pricing.input) + usage.outputTokens * pricing.output;
  return Math.max(0, Math.ceil(cost - 1e-9));
}
