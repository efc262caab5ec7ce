/**
 * Exact decimal dollars to integer micro-USD: "2.50" → 2500000n, "0.075" → 75000n. Anything with
 * more than six decimals (finer than a micro-dollar) or not a plain decimal is refused, so a price
 * is never rounded on its way in.
 */
export function usdToMicros(usd: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(usd.trim());
  if (!m) throw new RangeError(`"${usd}" is not a dollar amount with at most six decimals`);
  return BigInt(m[1]) * 1_000_000n + BigInt((m[2] ?? '').padEnd(6, '0'));
}
