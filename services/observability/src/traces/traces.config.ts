import type { ObservabilityConfig } from '../config';

/** The part of the service's config the traces area reads. */
export type TracesConfig = Pick<
  ObservabilityConfig,
  | 'OBSERVABILITY_OTLP_TOKEN'
  | 'OBSERVABILITY_OTLP_MAX_BODY_BYTES'
  | 'OBSERVABILITY_OTLP_FORWARD_ENDPOINT'
  | 'OBSERVABILITY_OTLP_FORWARD_HEADERS'
  | 'OBSERVABILITY_OTLP_FORWARD_QUEUE_MAX'
  | 'TRACES_RETENTION_DAYS'
>;

/** `OTEL_EXPORTER_OTLP_HEADERS` syntax: `key=value,key2=value2`, values percent-encoded. Throws on a malformed list. */
export function parseOtlpHeaders(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (text ?? '').split(',')) {
    if (!part.trim()) continue;
    const at = part.indexOf('=');
    const key = at > 0 ? part.slice(0, at).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) throw new Error(`"${part.slice(0, 40)}" is not key=value`);
    out[key.toLowerCase()] = decodeURIComponent(part.slice(at + 1).trim());
  }
  return out;
}
