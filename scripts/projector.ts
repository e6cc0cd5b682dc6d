// npm run projector: the projector as its own process (run the web server with PROJECTOR=off then). Only one
// projector may write a read-model database at a time: a second one waits for the lease and says so.
import { APP_VERSION, createProjector, openApp } from '../lib/app';
import { isRedisStore } from '../lib/eventstore/redis';
import { openEmitter } from '../lib/live/emitter';
import { createLogger } from '../lib/log';
import { startTracing } from '../lib/observability/tracing';
import { cliEnv } from './cli';

const env = cliEnv();
const log = createLogger(env).child({ node: `${env.nodeId}/projector` });
// Its spans continue the commands' traces (from the events' metadata) when traces are on (OTEL_* variables).
const tracing = startTracing({ ...env, nodeId: `${env.nodeId}/projector`, version: APP_VERSION });
const app = await openApp(env, log);
// With Redis, announcements reach the web servers' sockets through the socket.io adapter's stream. With the
// embedded store there is no cross-process push: pages still catch up (they poll while waiting for a write).
const emitter = isRedisStore(app.store) ? openEmitter(app.store, log) : undefined;
const projector = createProjector(app, emitter);
projector.start();
log.info(`projector ${projector.owner} started (database ${app.env.appDbPath})`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: stopping the projector`);
  await projector.stop();
  await emitter?.close();
  await app.close();
  await tracing.shutdown().catch(() => {});
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
