// Spans and trace context through the OpenTelemetry API only (lib/observability/tracing.ts sets up the SDK). With no
// provider registered every span here is a non-recording no-op and no trace context is written anywhere.
import {
  type Attributes,
  type Context,
  context,
  type Link,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

export { type Context, type Link, type Span, SpanKind, SpanStatusCode, trace };

/** The tracer every span of Orderly comes from. */
export const tracer = () => trace.getTracer('orderly');

/**
 * Runs `fn` inside a new active span named `name` (child of the active span, or of `parent`), ends it when `fn`
 * settles, and marks it as an error when `fn` throws (rethrown). Returns what `fn` returns.
 */
export function inSpan<T>(
  name: string,
  options: { attributes?: Attributes; kind?: SpanKind; links?: Link[]; parent?: Context },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  return tracer().startActiveSpan(
    name,
    { attributes: options.attributes, kind: options.kind, links: options.links },
    parent,
    async (span) => {
      try {
        return await fn(span);
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** The active span's context as W3C headers (`traceparent`, `tracestate`), for an event's metadata; {} when off. */
export function traceHeaders(from: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  if (trace.getSpan(from)?.isRecording()) propagation.inject(from, carrier);
  return carrier;
}

/** The context an event's metadata (or a request's headers) carries, or null when it carries none. */
export function contextFrom(carrier: Record<string, unknown> | undefined): Context | null {
  const traceparent = carrier?.traceparent;
  if (typeof traceparent !== 'string') return null;
  const tracestate = typeof carrier?.tracestate === 'string' ? carrier.tracestate : undefined;
  const ctx = propagation.extract(ROOT_CONTEXT, tracestate ? { traceparent, tracestate } : { traceparent });
  return trace.getSpanContext(ctx) ? ctx : null;
}
