// npm run processes: the process managers (stock reservations) as their own process (run the web servers with
// PROCESSES=off then, or not: one instance is active across every process, the others wait for its lease).
import { APP_VERSION, createReservationsProcess, openApp } from '../lib/app';
import { createLogger } from '../lib/log';
import { startTracing } from '../lib/observability/tracing';
import { shutDown } from '../lib/shutdown';
import { cliEnv } from './cli';

const env = cliEnv();
const log = createLogger(env).child({ node: `${env.nodeId}/processes` });
const tracing = startTracing({ ...env, nodeId: `${env.nodeId}/processes`, version: APP_VERSION, log });
const app = await openApp(env, log);
const reservations = createReservationsProcess(app);
reservations.start();
log.info(`process managers started: reservations ${reservations.owner}`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: stopping the process managers`);
  await shutDown(log, async () => {
    await reservations.stop();
    await app.close();
    await tracing.shutdown().catch(() => {});
  });
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
