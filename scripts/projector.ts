// npm run projector: the projector as its own process (run the web server with PROJECTOR=off then). Only one
// projector may write a read-model database at a time: a second one waits for the lease and says so. With
// PROJECTOR_METRICS_PORT it answers GET /metrics there.
import { createServer } from 'node:http';
import { APP_VERSION, createProjector, openApp } from '../lib/app';
import { isRedisStore } from '../lib/eventstore/redis';
import { openEmitter } from '../lib/live/emitter';
import { createLogger, type LoggedError } from '../lib/log';
import { METRICS_PATH, serveMetrics } from '../lib/observability/metrics-endpoint';
import { nodeRegistry, startNodeReports } from '../lib/observability/nodes';
import { startTracing } from '../lib/observability/tracing';
import { projectionsStatus } from '../lib/read/status';
import { shutDown } from '../lib/shutdown';
import { cliEnv } from './cli';

const env = cliEnv();
const id = `${env.nodeId}/projector`;
const recentErrors: LoggedError[] = [];
const log = createLogger(env, recentErrors).child({ node: id });
// Its spans continue the commands' traces (from the events' metadata) when traces are on (OTEL_* variables).
const tracing = startTracing({ ...env, nodeId: id, version: APP_VERSION, log });
// Its metrics carry its own id too (not a web node's: NODE_ID defaults to host:port, and it has no port).
const app = await openApp({ ...env, nodeId: id }, log, recentErrors);

// Its metrics (batches, projections behind, store calls) on a port of its own, for Prometheus: the web servers of
// a PROJECTOR=off deployment do not see its batches. Listening comes first: a port in use ends it before it takes
// the projector lease.
const metricsServer =
  env.PROJECTOR_METRICS_PORT === undefined
    ? undefined
    : createServer((req, res) => {
        if ((req.url ?? '').split('?')[0] === METRICS_PATH) {
          serveMetrics(req, res, app.metrics, env.METRICS_TOKEN).catch((error: unknown) => {
            log.error({ err: error }, 'metrics: could not answer');
            if (!res.headersSent) res.writeHead(503);
            res.end();
          });
          return;
        }
        res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: 'not found' }));
      });
if (metricsServer) {
  // A scrape is small: a client that has not sent its request within 10 s is dropped.
  metricsServer.headersTimeout = 10_000;
  metricsServer.requestTimeout = 10_000;
  try {
    await new Promise<void>((resolve, reject) => {
      metricsServer.once('error', reject);
      metricsServer.listen(env.PROJECTOR_METRICS_PORT, resolve);
    });
  } catch (error) {
    log.fatal(`PROJECTOR_METRICS_PORT ${env.PROJECTOR_METRICS_PORT}: cannot listen (${(error as Error).message})`);
    await app.close();
    await tracing.shutdown().catch(() => {});
    process.exit(1);
  }
  log.info(`projector metrics at http://localhost:${env.PROJECTOR_METRICS_PORT}${METRICS_PATH}`);
  if (env.METRICS_TOKEN === undefined) {
    log.warn('PROJECTOR_METRICS_PORT is set but METRICS_TOKEN is not: /metrics answers 404 to everyone');
  }
}

// With Redis, announcements reach the web servers' sockets through the socket.io adapter's stream. With the
// embedded store there is no cross-process push: pages still catch up (they poll while waiting for a write).
const emitter = isRedisStore(app.store) ? openEmitter(app.store, log) : undefined;
const projector = createProjector(app, emitter);
// Its metrics say how far behind the log its projections are, read at each scrape.
app.metrics.setSources({ projections: async () => (await projectionsStatus(app.db, app.store)).projections });
projector.start();
log.info(`projector ${projector.owner} started (database ${app.env.appDbPath})`);
// It reports itself like a node, so the staff system page shows its projections' states and its errors.
const reports = await startNodeReports({
  id,
  version: APP_VERSION,
  startedAt: app.startedAt,
  registry: nodeRegistry(app.store),
  db: app.db,
  store: app.store,
  projector,
  sockets: () => 0,
  recentErrors,
  reachable: () => true,
  log,
});

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: stopping the projector`);
  await shutDown(log, async () => {
    await reports.stop();
    if (metricsServer) {
      // Open scrapes (or a client that never finishes its request) must not hold the stop, nor the lease.
      const closed = new Promise((resolve) => metricsServer.close(resolve));
      metricsServer.closeAllConnections();
      await closed;
    }
    await projector.stop();
    await emitter?.close();
    await app.close();
    await tracing.shutdown().catch(() => {});
  });
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
