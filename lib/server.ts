// The custom server: Next.js and socket.io on one port, over the event store chosen at start, with the projector
// running inside (unless PROJECTOR=off). Start it with `node --import tsx lib/server.ts` (npm start builds first
// and runs it in production mode). Here the parts are wired: the web edge reads them through lib/runtime.ts, the
// socket server gets only what it needs.

import { statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import { join } from 'node:path';
import next from 'next';
import { Server } from 'socket.io';
import { sessionFromCookie, sessionIsOpen } from './accounts/accounts';
import { APP_VERSION, createProjector, createReservationsProcess, openApp, type Runtime } from './app';
import { ConfigError, loadEnv } from './env';
import { isRedisStore, type RedisEventStore } from './eventstore/redis';
import { redisStreamsAdapter } from './live/adapter';
import { STAFF_ROOM } from './live/events';
import {
  announce,
  announceProducts,
  attachLive,
  endSessionSockets,
  type LiveServer,
  watchLiveness,
} from './live/server';
import { createLogger, type LoggedError, type Logger } from './log';
import { requestObserver } from './observability/http';
import type { Metrics } from './observability/metrics';
import { METRICS_PATH, serveMetrics } from './observability/metrics-endpoint';
import { nodeRegistry, startNodeReports, storageInfo } from './observability/nodes';
import { pushObserver } from './observability/observers';
import { appRoutes, routeMatcher } from './observability/routes';
import { startTracing } from './observability/tracing';
import { processManagersStatus } from './processes/status';
import { CatchUp } from './read/catch-up';
import { loadVisibleOrder } from './read/history';
import { LocalNotifier } from './read/notifier';
import { RebuildRunner } from './read/rebuild-runner';
import { projectionsStatus } from './read/status';
import { setRuntime } from './runtime';
import { shutDown } from './shutdown';
import { CLIENT_ADDRESS_HEADER, clientAddressOf } from './web/client-address';
import { isHttps } from './web/http';
import { foreignServerAction, originMayConnect, securityHeaders } from './web/security';

let log: Logger = createLogger();

async function main() {
  const env = loadEnv();
  const recentErrors: LoggedError[] = [];
  log = createLogger(env, recentErrors).child({ node: env.nodeId });
  const dev = env.NODE_ENV !== 'production';
  // Before anything starts a span: off unless OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_TRACES_EXPORTER asks for traces.
  const tracing = startTracing({ ...env, version: APP_VERSION, log });
  if (tracing.enabled) log.info(`traces: exported (${env.OTEL_TRACES_EXPORTER ?? 'otlp'})`);
  const app = await openApp(env, log, recentErrors);
  const { metrics } = app;
  // Sockets of every node meet through the Redis Streams adapter (with the embedded store there is one node).
  let io: LiveServer | null = null;
  let liveness: ReturnType<typeof watchLiveness> | null = null;
  const links = isRedisStore(app.store)
    ? redisStreamsAdapter({
        url: app.store.url,
        namespace: app.store.namespace,
        connectionName: `orderly-live:${app.store.namespace}@${hostname()}:${process.pid}`,
        log,
        // A link back after a drop may have missed announcements and sign-outs: pages refetch, sessions rechecked.
        onReconnect: (link) => liveness?.afterGap(`after the ${link} link reconnected`),
      })
    : null;
  const notifier = new LocalNotifier();
  const pushes = pushObserver(metrics);
  // The projector announces to this process (read-your-writes waits) and to the sockets of every node.
  const projector =
    env.PROJECTOR === 'on'
      ? createProjector(app, {
          announce(changes) {
            notifier.announce(changes);
            if (io) announce(io, changes, pushes);
          },
          announceProducts(changed) {
            if (io) announceProducts(io, changed);
          },
        })
      : null;
  if (!projector) log.info('projector: not in this process (PROJECTOR=off); run `npm run projector`');
  // One reservations process runs across every node and process (a lease in the store of record).
  const reservations = env.PROCESSES === 'on' ? createReservationsProcess(app) : null;
  if (!reservations) log.info('process managers: not in this process (PROCESSES=off); run `npm run processes`');
  const rebuilds = new RebuildRunner(app.db, app.store, log);
  const catchUp = new CatchUp(app.db, app.store, log);
  const redisStore = isRedisStore(app.store) ? app.store : null;
  // This node's sockets hear when its store is out of reach (their pages may be behind) and when it is back (their
  // pages refetch what they may have missed).
  const breaker = redisStore
    ? watchStore(redisStore, log, metrics, (reachable) => {
        io?.local.emit('store:status', { reachable });
        if (reachable) liveness?.afterGap('the store of record answers again');
      })
    : null;
  /** Whether the store of record is out of reach right now (ioredis reconnects by itself). */
  const storeOffline = () => breaker !== null && !breaker.reachable();
  const nodes = nodeRegistry(app.store);
  const fileSize = (path: string) => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  };
  const runtime: Runtime = {
    ...app,
    nodes,
    storage: () =>
      storageInfo(app.store, {
        sync: env.EVENT_STORE_SYNC,
        bytes: () => fileSize(env.eventStorePath) + fileSize(`${env.eventStorePath}-wal`) || null,
      }),
    notifier,
    projector,
    rebuilds,
    readiness: () => catchUp.readiness(),
    endSessionSockets: (sessionId) => {
      if (io) endSessionSockets(io, sessionId);
    },
    storeReachable: () => !storeOffline(),
  };
  setRuntime(runtime);

  const httpServer = createServer();
  const nextApp = next({ dev, hostname: 'localhost', port: env.PORT, httpServer });
  const handle = nextApp.getRequestHandler();
  await nextApp.prepare();
  const observe = requestObserver({
    log,
    metrics,
    routeOf: routeMatcher([...appRoutes(join(process.cwd(), 'app')), METRICS_PATH]),
  });
  httpServer.on('request', (req, res) => void observe(req, res, () => answer(req, res)));
  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    // Security headers on every response; Next puts the CSP nonce on its inline scripts (it reads the request's).
    const https = isHttps(new Headers(req.headers as Record<string, string>), null, env.TRUST_PROXY);
    const { headers } = securityHeaders({ https, dev });
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    req.headers['content-security-policy'] = headers['Content-Security-Policy'];
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(req, env.TRUST_PROXY);
    // Operators' scrapes are answered even while the store is out of reach.
    if ((req.url ?? '').split('?')[0] === METRICS_PATH) return serveMetrics(req, res, metrics, env.METRICS_TOKEN);
    // While Redis is away, pages answer at once with 503 (the JSON API says so itself, see route()).
    if (storeOffline() && isDocumentRequest(req)) {
      res.writeHead(503, {
        'content-type': 'text/html; charset=utf-8',
        'retry-after': '2',
        'cache-control': 'no-store',
      });
      res.end(UNAVAILABLE_PAGE);
      return;
    }
    if (!wellFormedPath(req.url) || !(req.url ?? '').startsWith('/')) {
      res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' });
      const target = req.url ?? '';
      res.end(
        JSON.stringify({
          error: target.startsWith('/') ? 'the path has a malformed %-escape' : 'the request target must be a path',
        }),
      );
      return;
    }
    // A server action from another site: Next refuses it too, but with a 500.
    const foreign = foreignServerAction(req.method, (req.url ?? '/').split('?')[0]!, req.headers);
    if (foreign !== null) {
      res.writeHead(403, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: foreign }));
      return;
    }
    await handle(req, res).catch((error: unknown) => {
      log.error({ err: error, url: req.url }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'internal error' }));
    });
  };
  // socket.io attaches after Next's handler: engine.io wraps the listeners that already exist.
  const live: LiveServer = new Server(httpServer, {
    serveClient: false,
    ...(links ? { adapter: links.adapter } : {}),
    // A client back within 2 minutes gets what it missed replayed (its session is checked again first).
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
    // A page of another origin (another port of this host too) may not open a socket with the user's cookie.
    allowRequest: (req, callback) => {
      const headers = new Headers(req.headers as Record<string, string>);
      const policy = { allowedOrigins: env.ALLOWED_ORIGINS, trustProxy: env.TRUST_PROXY };
      callback(null, originMayConnect(headers, `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, policy));
    },
  });
  // Engine.io answers its own requests (polling, handshakes, refusals): the same security headers on them.
  live.engine.on('initial_headers', (headers: Record<string, string>) => {
    Object.assign(headers, securityHeaders({ https: false, dev }).headers);
  });
  live.engine.on('headers', (headers: Record<string, string>) => {
    Object.assign(headers, securityHeaders({ https: false, dev }).headers);
  });
  io = live;
  attachLive(live, {
    authenticate: (cookie) => sessionFromCookie(app.accounts, cookie),
    sessionIsOpen: (sessionId) => sessionIsOpen(app.accounts, sessionId),
    maySee: async (actor, orderId) => (await loadVisibleOrder(app.store, orderId, actor)) !== null,
    storeReachable: () => !storeOffline(),
    log,
  });
  liveness = watchLiveness(live, (sessionId) => sessionIsOpen(app.accounts, sessionId), log);
  let replayed = 0;
  const stopProgress = rebuilds.onProgress((p) => {
    live.to(STAFF_ROOM).emit('rebuild:progress', p);
    if (p.events < replayed) replayed = 0; // a new rebuild
    metrics.rebuildEvents.inc(p.events - replayed);
    replayed = p.events;
    metrics.rebuildProgress.set(p.phase === 'done' ? 1 : p.head > 0 ? Math.min(1, p.position / p.head) : 0);
  });
  metrics.setSources({
    projections: async () => (await projectionsStatus(app.db, app.store)).projections,
    processes: async () => processManagersStatus(app.processState, await app.store.headPosition()),
    sockets: () => live.engine.clientsCount,
  });
  projector?.start();
  reservations?.start();
  await catchUp.start();

  // Every few seconds this node reports itself into the store of record, and its staff pages hear a tick (also
  // while the store is out of reach: the page then says so).
  const reports = await startNodeReports({
    id: env.nodeId,
    version: APP_VERSION,
    startedAt: app.startedAt,
    registry: nodes,
    db: app.db,
    store: app.store,
    projector,
    sockets: () => live.engine.clientsCount,
    recentErrors: app.recentErrors,
    reachable: () => !storeOffline(),
    onTick: () => live.local.to(STAFF_ROOM).emit('system:tick'),
    log,
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(env.PORT, resolve);
  });
  log.info(`Orderly ${dev ? '(development)' : '(production)'} at http://localhost:${env.PORT}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    await shutDown(log, async () => {
      catchUp.stop();
      await reports.stop();
      liveness?.stop();
      breaker?.stop();
      stopProgress();
      await projector?.stop();
      await reservations?.stop();
      await new Promise<void>((resolve) => live.close(() => resolve())); // closes the HTTP server too
      await links?.close();
      await app.close();
      await nextApp.close?.();
      await tracing.shutdown().catch(() => {});
    });
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/**
 * A browser loading a page: a GET of a page path that is not the API, Next's files, or a request of the client
 * router or a server action (those get their answers from Next, where a form says the store is out of reach).
 */
function isDocumentRequest(req: IncomingMessage): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (req.headers.rsc !== undefined || req.headers['next-action'] !== undefined) return false;
  const path = (req.url ?? '/').split('?')[0]!;
  return (
    !path.startsWith('/api/') && !path.startsWith('/_next/') && !path.startsWith('/socket.io/') && !/\.\w+$/.test(path)
  );
}

const UNAVAILABLE_PAGE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Unavailable · Orderly</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="5"></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem">
<h1>Orderly is unavailable for a moment</h1>
<p>The server cannot reach its store right now. This page tries again by itself every few seconds. Changes you saw
confirmed are kept.</p></body></html>`;

/**
 * Pings Redis every half second: the store counts as out of reach while the connection is down, or after two pings
 * in a row got no answer within a second (a hung Redis), until one answers again. Logs each change.
 */
function watchStore(store: RedisEventStore, log: Logger, metrics: Metrics, onChange: (reachable: boolean) => void) {
  let failures = 0;
  let reachable = true;
  const timer = setInterval(async () => {
    const answered = await Promise.race([
      store.ping().then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1000).unref()),
    ]);
    failures = answered ? 0 : failures + 1;
    if (!answered) metrics.eventStoreErrors.inc({ operation: 'ping' });
    const now = store.client.status === 'ready' && failures < 2;
    if (now !== reachable) {
      reachable = now;
      if (now) log.info('store of record: answering again');
      else log.error('store of record: out of reach; requests answer 503 until it answers again');
      onChange(now);
    }
  }, 500);
  timer.unref();
  return { reachable: () => reachable && store.client.status === 'ready', stop: () => clearInterval(timer) };
}

/** Whether a request path decodes (Next answers a malformed %-escape with a bare 500). */
function wellFormedPath(url: string | undefined): boolean {
  try {
    decodeURIComponent((url ?? '/').split('?')[0]!);
    return true;
  } catch {
    return false;
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || (error instanceof Error && error.name === 'EventStoreError')) {
    log.fatal(error.message);
  } else {
    log.fatal({ err: error }, 'Orderly could not start');
  }
  process.exit(1);
});
