// How a projector running in its own process reaches the sockets of the web servers: a socket.io server without an
// HTTP server or sockets of its own, on the same Redis Streams adapter (the adapter has no separate emitter
// package); what it emits goes into the stream every web server reads. After any reconnect of its Redis links it
// asks every page to refetch (through the adapter), so an announcement lost in between cannot stay missed.
import { hostname } from 'node:os';
import { Server } from 'socket.io';
import type { RedisEventStore } from '../eventstore/redis';
import type { Logger } from '../log';
import type { Notifier } from '../read/notifier';
import { redisStreamsAdapter } from './adapter';
import { announce, announceProducts, type LiveServer } from './server';

/** The notifier a standalone projector announces through, and how to close it. */
export function openEmitter(store: RedisEventStore, log: Logger): Notifier & { close(): Promise<void> } {
  let io: LiveServer | null = null;
  const links = redisStreamsAdapter({
    url: store.url,
    namespace: store.namespace,
    connectionName: `orderly-emitter:${store.namespace}@${hostname()}:${process.pid}`,
    log,
    onReconnect: () => io?.emit('resync'),
  });
  io = new Server({ adapter: links.adapter, serveClient: false });
  return {
    announce: (changes) => announce(io!, changes),
    announceProducts: (changed) => announceProducts(io!, changed),
    async close() {
      // No HTTP server to close: close the adapter (it ends the links it made), then its base link.
      await io!.of('/').adapter.close();
      await links.close();
    },
  };
}
