// The custom server: Next.js and socket.io on one port, over the event store chosen at start.
// Start it with `node --import tsx lib/server.ts` (npm start builds first and runs it in production mode).
import { createServer } from 'node:http';
import next from 'next';
import { Server } from 'socket.io';
import { openAppDb } from '../db/client';
import { findProducts } from './catalog/products';
import { seedCatalog } from './catalog/seed';
import { ConfigError, loadEnv } from './env';
import { openConfiguredEventStore } from './eventstore/configure';
import type { ClientToServer, ServerToClient } from './live/events';
import { createLogger } from './log';
import { setRuntime } from './runtime';
import type { WriteDeps } from './write/handler';

const log = createLogger();

async function main() {
  const env = loadEnv();
  const dev = env.NODE_ENV !== 'production';
  const { store, description } = await openConfiguredEventStore(env, log);
  log.info(`event store: ${description}`);
  const db = openAppDb(env.appDbPath);
  const seeded = seedCatalog(db);
  if (seeded > 0) log.info(`catalog: first start, seeded ${seeded} products into ${env.appDbPath}`);
  const write: WriteDeps = {
    store,
    products: (ids) => findProducts(db, ids),
    snapshotEvery: env.SNAPSHOT_EVERY,
    onSnapshotError: (err, streamId) => log.warn({ err, streamId }, 'snapshot not written (the command succeeded)'),
  };

  const httpServer = createServer();
  const app = next({ dev, hostname: 'localhost', port: env.PORT, httpServer });
  const handle = app.getRequestHandler();
  await app.prepare();
  httpServer.on('request', (req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error({ err: error, url: req.url }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'internal error' }));
    });
  });
  // socket.io attaches after Next's handler: engine.io wraps the listeners that already exist.
  const io = new Server<ClientToServer, ServerToClient>(httpServer, { serveClient: false });
  io.on('connection', (socket) => {
    socket.emit('server:hello', { serverTime: new Date().toISOString() });
  });

  setRuntime({ store, storeDescription: description, db, write, io, log, startedAt: new Date().toISOString() });

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
    io.close(); // closes the HTTP server too
    await store.close();
    db.$client.close();
    await app.close?.();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || (error instanceof Error && error.name === 'EventStoreError')) {
    log.fatal(error.message);
  } else {
    log.fatal({ err: error }, 'Orderly could not start');
  }
  process.exit(1);
});
