// How the projector's announcements reach the web process that holds the sockets, wherever the projector runs:
// with Redis as the store they go through Redis pub/sub (so a projector in its own process, or several web
// processes, work alike); with the embedded store the projector runs in the web process and announces directly.
import { Redis } from 'ioredis';
import type { RedisEventStore } from '../eventstore/redis';
import type { EventStore } from '../eventstore/types';
import type { Logger } from '../log';
import type { LocalNotifier, Notifier, OrderChange } from '../read/notifier';

export const changesChannel = (namespace: string) => `{${namespace}}:order-changes`;

const isRedis = (store: EventStore): store is RedisEventStore => store.kind === 'redis';

/** The notifier a projector announces through. */
export function projectorNotifier(store: EventStore, local: LocalNotifier | undefined): Notifier | undefined {
  if (!isRedis(store)) return local;
  const publisher = store.client;
  const channel = changesChannel(store.namespace);
  return {
    announce(changes: OrderChange[]) {
      if (changes.length > 0) void publisher.publish(channel, JSON.stringify(changes)).catch(() => {});
    },
  };
}

/**
 * Feeds a web process's local notifier from Redis pub/sub (no-op with the embedded store). Returns a function that
 * stops listening.
 */
export async function relayChanges(store: EventStore, local: LocalNotifier, log: Logger): Promise<() => Promise<void>> {
  if (!isRedis(store)) return async () => {};
  const sub = new Redis(store.url, { lazyConnect: true, connectionName: `orderly-changes:${store.namespace}` });
  sub.on('error', (err) => log.warn({ err }, 'live changes: Redis subscription error (it reconnects by itself)'));
  await sub.connect();
  const channel = changesChannel(store.namespace);
  sub.on('message', (ch, message) => {
    if (ch !== channel) return;
    try {
      local.announce(JSON.parse(message) as OrderChange[]);
    } catch (err) {
      log.warn({ err }, 'live changes: unreadable message ignored');
    }
  });
  await sub.subscribe(channel);
  return async () => {
    await sub.quit().catch(() => sub.disconnect());
  };
}
