// OpenTelemetry's SDK, set up once per process by the entry points (lib/observability/spans.ts is what the rest of
// the code uses: the API only). Traces are off unless the standard variables ask for them (OTEL_EXPORTER_OTLP_ENDPOINT: OTLP over HTTP;
// OTEL_TRACES_EXPORTER=console: spans printed, for development). Off, the API hands out non-recording spans and
// nothing is exported or stored in events. On, a trace runs from the HTTP request or server action through the
// command (load, decide, append) to the projector's batch and the socket push: the command's trace context is kept
// in its events' metadata (`traceparent`), so a projector in another process continues the same trace.
import { DiagLogLevel, diag } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { Logger } from '../log';

export interface TracingConfig {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  OTEL_TRACES_EXPORTER?: 'otlp' | 'console' | 'none';
  OTEL_SERVICE_NAME?: string;
  nodeId: string;
  version: string;
  /** Where the SDK's own warnings go (an unreachable collector). */
  log?: Logger;
}

/**
 * Registers the global tracer provider when the configuration asks for traces (or `processors` are given: tests
 * pass an in-memory exporter's). Returns whether tracing is on and how to flush and stop it. Call once per process,
 * before anything starts spans.
 */
export function startTracing(
  config: TracingConfig,
  processors: SpanProcessor[] = [],
): { enabled: boolean; shutdown(): Promise<void> } {
  const exporter = config.OTEL_TRACES_EXPORTER ?? (config.OTEL_EXPORTER_OTLP_ENDPOINT ? 'otlp' : 'none');
  const spanProcessors = [...processors];
  // The OTLP exporter reads OTEL_EXPORTER_OTLP_ENDPOINT (and _HEADERS, _TIMEOUT…) from the environment itself.
  if (exporter === 'otlp') spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  if (exporter === 'console') spanProcessors.push(new SimpleSpanProcessor(new ConsoleSpanExporter()));
  if (spanProcessors.length === 0) return { enabled: false, shutdown: async () => {} };
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: config.OTEL_SERVICE_NAME ?? 'orderly',
      [ATTR_SERVICE_VERSION]: config.version,
      'service.instance.id': config.nodeId,
    }),
    spanProcessors,
  });
  provider.register();
  // The SDK's own complaints (an exporter that cannot reach its collector) go to the log, at warn and above.
  if (config.log) {
    const log = config.log;
    diag.setLogger(
      {
        error: (message, ...args) => log.warn({ args }, `traces: ${message}`),
        warn: (message, ...args) => log.warn({ args }, `traces: ${message}`),
        info: () => {},
        debug: () => {},
        verbose: () => {},
      },
      DiagLogLevel.WARN,
    );
  }
  return { enabled: true, shutdown: () => provider.shutdown() };
}
