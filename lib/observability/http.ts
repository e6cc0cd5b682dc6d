// Every HTTP request and server action the custom server answers, observed once: a request id (the caller's
// `x-request-id` when well formed, else a UUID; answered in `x-request-id` and readable by the route as that
// header), a span (continuing the caller's `traceparent`), the duration histogram by route pattern and status, and
// one log line (pino-http) naming method, route, status, duration, user and the command's correlation id.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../log';
import { type RequestContext, withRequestContext } from './context';
import type { Metrics } from './metrics';
import { tracer } from './spans';

type Observed = IncomingMessage & { context?: RequestContext; route?: string; action?: boolean; started?: number };

const validRequestId = (v: unknown) => (typeof v === 'string' && /^[\w.:-]{1,100}$/.test(v) ? v : undefined);

/**
 * Returns `observe(req, res, handle)`: runs `handle` (which answers the request) inside the request's context and
 * span, and records the request when its response finishes or its connection closes. `routeOf` maps a path to its
 * route pattern (see routes.ts).
 */
export function requestObserver({
  log,
  metrics,
  routeOf,
}: {
  log: Logger;
  metrics: Metrics;
  routeOf: (path: string) => string;
}): (req: IncomingMessage, res: ServerResponse, handle: () => Promise<void>) => Promise<void> {
  const fields = (req: Observed, res: ServerResponse, ms: number) => {
    const ctx = req.context;
    return {
      requestId: ctx?.requestId,
      method: req.method,
      route: req.route,
      ...(req.action ? { action: true } : {}),
      status: res.statusCode,
      ms,
      ...(ctx?.user ? { user: ctx.user } : {}),
      ...(ctx?.command ? { command: ctx.command, outcome: ctx.outcome } : {}),
      ...(ctx?.correlationId ? { correlationId: ctx.correlationId } : {}),
    };
  };
  const logRequest = pinoHttp<Observed>({
    logger: log,
    genReqId: (req) => (req as Observed).context!.requestId,
    // The line is exactly what `fields` says: no headers (cookies, tokens) and no bindings that would repeat keys.
    quietResLogger: true,
    wrapSerializers: false,
    serializers: { req: () => ({}) },
    // Next's own files (scripts, styles, images) at debug; every other request at info; a 503 (the store out of
    // reach, the read model catching up: said on purpose) at warn; any other 5xx at error.
    customLogLevel: (req, res, error) =>
      res.statusCode === 503
        ? 'warn'
        : error || res.statusCode >= 500
          ? 'error'
          : (req as Observed).route?.startsWith('/_next')
            ? 'debug'
            : 'info',
    customSuccessMessage: (req, res) =>
      `${(req as Observed).action ? 'action' : req.method} ${(req as Observed).route} ${res.statusCode}`,
    customErrorMessage: (req, res) =>
      `${(req as Observed).action ? 'action' : req.method} ${(req as Observed).route} ${res.statusCode}`,
    customSuccessObject: (req, res, val) => fields(req as Observed, res, val.responseTime),
    customErrorObject: (req, res, error, val) => ({
      ...fields(req as Observed, res, val.responseTime),
      ...(res.statusCode >= 500 && !/^failed with status code/.test(error.message) ? { err: error } : {}),
    }),
  });

  return (request, res, handle) => {
    const req = request as Observed;
    const path = (req.url ?? '/').split('?')[0]!;
    const requestId = validRequestId(req.headers['x-request-id']) ?? randomUUID();
    req.headers['x-request-id'] = requestId;
    res.setHeader('x-request-id', requestId);
    req.context = { requestId };
    req.route = routeOf(path);
    req.action = req.method === 'POST' && req.headers['next-action'] !== undefined;
    const started = performance.now();
    logRequest(req, res);
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer().startSpan(
      `${req.action ? 'action' : req.method} ${req.route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': req.method ?? 'GET',
          'url.path': path,
          'http.route': req.route,
          'orderly.request_id': requestId,
          ...(req.action ? { 'orderly.server_action': true } : {}),
        },
      },
      parent,
    );
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const status = res.headersSent ? res.statusCode : 499; // closed before an answer: the client went away
      metrics.observeHttp(req.method ?? 'GET', req.route!, status, (performance.now() - started) / 1000);
      span.setAttribute('http.response.status_code', status);
      const ctx = req.context!;
      if (ctx.correlationId) span.setAttribute('orderly.correlation_id', ctx.correlationId);
      if (ctx.command)
        span.setAttributes({ 'orderly.command.type': ctx.command, 'orderly.command.outcome': ctx.outcome ?? '' });
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    res.once('finish', record);
    res.once('close', record);
    return withRequestContext(req.context, () => context.with(trace.setSpan(parent, span), handle));
  };
}
