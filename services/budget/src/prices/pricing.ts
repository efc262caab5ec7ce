import type { MeteredUsage } from '@ironcage/contracts';
import type { Price } from './price';

/**
 * Cost arithmetic. Everything is BigInt: a price is micro-USD per million tokens, so
 * tokens × price is in micro-USD × 10⁻⁶, and one division at the end turns the sum into micro-USD.
 * That division rounds UP, once per request: a request is never charged less than it cost, and
 * at most 1 micro-USD (one millionth of a dollar) more.
 */
const MILLION = 1_000_000n;

export const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

const big = (n: number | undefined): bigint => BigInt(n ?? 0);
const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const max = (...xs: bigint[]): bigint => xs.reduce((m, x) => (x > m ? x : m));

interface Rates {
  input: bigint;
  output: bigint;
  cachedInput: bigint;
  cacheWrite: bigint;
  reasoning: bigint;
  audioInput: bigint;
  audioOutput: bigint;
}

/** True when a prompt of this many tokens is billed at the model's long-context rates. */
export const isLongContext = (price: Price, promptTokens: number): boolean =>
  price.longContextThreshold !== null && price.longInputPerMtok !== null && promptTokens > price.longContextThreshold;

function ratesFor(price: Price, long: boolean): Rates {
  const input = long ? price.longInputPerMtok! : price.inputPerMtok;
  const output = long ? (price.longOutputPerMtok ?? price.outputPerMtok) : price.outputPerMtok;
  const cachedInput = (long ? (price.longCachedInputPerMtok ?? price.cachedInputPerMtok) : price.cachedInputPerMtok) ?? input;
  const cacheWrite = (long ? (price.longCacheWritePerMtok ?? price.cacheWritePerMtok) : price.cacheWritePerMtok) ?? input;
  return {
    input,
    output,
    cachedInput,
    cacheWrite,
    // On the long-context tier reasoning is billed as output (no provider prices it apart there).
    reasoning: long ? output : (price.reasoningPerMtok ?? output),
    audioInput: price.audioInputPerMtok ?? input,
    audioOutput: price.audioOutputPerMtok ?? output,
  };
}

export interface CostBreakdown {
  micros: bigint;
  longContext: boolean;
}

/**
 * The cost of a finished request. Cached, cache-written and audio input tokens are parts of
 * `inputTokens`; reasoning and audio output tokens are parts of `outputTokens` (each part is
 * clamped to what is left, so inconsistent usage can never produce a negative count).
 */
export function costOf(price: Price, usage: MeteredUsage): CostBreakdown {
  const longContext = isLongContext(price, usage.inputTokens);
  const r = ratesFor(price, longContext);
  let input = big(usage.inputTokens);
  const cached = min(big(usage.cachedInputTokens), input);
  input -= cached;
  const cacheWrite = min(big(usage.cacheWriteTokens), input);
  input -= cacheWrite;
  const audioIn = min(big(usage.audioInputTokens), input);
  input -= audioIn;
  let output = big(usage.outputTokens);
  const reasoning = min(big(usage.reasoningTokens), output);
  output -= reasoning;
  const audioOut = min(big(usage.audioOutputTokens), output);
  output -= audioOut;

  const perMillion =
    input * r.input +
    cached * r.cachedInput +
    cacheWrite * r.cacheWrite +
    audioIn * r.audioInput +
    output * r.output +
    reasoning * r.reasoning +
    audioOut * r.audioOutput +
    big(usage.inputImages) * (price.inputImageMicros ?? 0n) * MILLION +
    big(usage.outputImages) * (price.outputImageMicros ?? 0n) * MILLION;
  return { micros: ceilDiv(perMillion, MILLION), longContext };
}

/**
 * The most a request can cost: every prompt token at the dearest input rate (a prompt may be
 * written to the cache, which costs more than reading it) and every allowed output token at the
 * dearest output rate, on the long-context tier when the prompt may exceed its threshold.
 * `marginPercent` pads the prompt estimate, because the gateway counts with a tokenizer before
 * the call and the provider counts after it.
 */
export function worstCaseMicros(price: Price, estimatedInputTokens: number, maxOutputTokens: number, marginPercent = 0): bigint {
  const input = ceilDiv(big(estimatedInputTokens) * BigInt(100 + marginPercent), 100n);
  const long = isLongContext(price, Number(input));
  const r = ratesFor(price, long);
  const perMillion = input * max(r.input, r.cacheWrite, r.audioInput) + big(maxOutputTokens) * max(r.output, r.reasoning, r.audioOutput);
  return ceilDiv(perMillion, MILLION);
}

/** Integer micro-USD as a JSON number (safe up to $9 billion), refusing anything that would lose precision. */
export function microsToNumber(micros: bigint): number {
  if (micros > BigInt(Number.MAX_SAFE_INTEGER) || micros < -BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${micros} micro-USD exceeds the exact range`);
  return Number(micros);
}

/** `$1.234567` from micro-USD, for messages. */
export function formatUsd(micros: bigint | number): string {
  const m = BigInt(micros);
  const sign = m < 0n ? '-' : '';
  const abs = m < 0n ? -m : m;
  return `${sign}$${abs / MILLION}.${(abs % MILLION).toString().padStart(6, '0')}`;
}
