import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, NoopSpanProcessor } from '@opentelemetry/sdk-trace';

export interface TelemetryOptions {
  service: string;
  version: string;
  /** OTLP/HTTP base URL (e.g. http://collector:4318). Without it, spans are created and propagated but not exported. */
  otlpEndpoint?: string;
}

export interface Telemetry {
  shutdown(): Promise<void>;
}

const IGNORED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Starts the OpenTelemetry SDK: W3C trace-context propagation, HTTP server/client and Postgres
 * spans, OTLP export when an endpoint is configured. Trace ids exist even without an exporter, so
 * they still join logs, bus messages and audit entries. Call before the application is created.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const base = options.otlpEndpoint?.replace(/\/+$/, '');
  const sdk = new NodeSDK({
    serviceName: options.service,
    autoDetectResources: false,
    spanProcessors: base ? [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${base}/v1/traces` }) })] : [new NoopSpanProcessor()],
    metricReaders: base ? [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${base}/v1/metrics` }) })] : [],
    instrumentations: [
      new HttpInstrumentation({
        // OTLP exports received by observability are not traced: tracing them would export them again, for ever.
        ignoreIncomingRequestHook: (req) => {
          const path = (req.url ?? '').split('?')[0];
          return IGNORED_PATHS.has(path) || (req.method === 'POST' && path === '/v1/traces');
        },
        // Header values may hold keys; none are recorded.
        headersToSpanAttributes: { server: { requestHeaders: [], responseHeaders: [] }, client: { requestHeaders: [], responseHeaders: [] } },
      }),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  sdk.start();
  // Modules loaded before start() are patched on their next require; make sure http is.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a require is exactly what triggers the patch
  require('node:http');
  return { shutdown: () => sdk.shutdown() };
}
