// Live push across nodes with socket.io's own machinery: the Redis Streams adapter. Chosen over the pub/sub adapter
// because a stream is read from an offset: a node whose Redis link drops reads what it missed when the link comes
// back (pub/sub drops it silently), and socket.io's connection state recovery can replay a client's missed packets.
// Keys share the namespace's hash tag. Every link (the adapter's own and the ones it duplicates) is watched: after
// any reconnect the node asks its sockets to refetch, so nothing missed in between can stay missed.
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../log';

export interface LiveRedisOptions {
  url: string;
  namespace: string;
  /** Names the connections (CLIENT LIST), e.g. `orderly-live:shop`. */
  connectionName: string;
  log: Logger;
  /** Told (with the link's name) each time one of the links is back after a drop. */
  onReconnect(link: string): void;
}

/** Watches a connection: calls `onReconnect` when it is ready again after having been closed. */
function watch(client: Redis, name: string, o: Pick<LiveRedisOptions, 'log' | 'onReconnect'>): Redis {
  let down = false;
  client.on('error', (err) => o.log.debug({ err }, `live: Redis link ${name}: ${err.message}`));
  client.on('close', () => {
    down = true;
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    o.log.warn(`live: Redis link ${name} is back; asking this node's pages to refetch`);
    o.onReconnect(name);
  });
  return client;
}

/** A client whose duplicates (the adapter makes its reading and subscribing links that way) are watched too. */
class WatchedRedis extends Redis {
  private copies = 0;
  constructor(
    url: string,
    private readonly o: Pick<LiveRedisOptions, 'log' | 'onReconnect' | 'connectionName'>,
  ) {
    // Commands wait through a reconnect instead of failing: a broadcast sent while a link is down goes out after.
    super(url, { connectionName: o.connectionName, maxRetriesPerRequest: null });
    watch(this, o.connectionName, o);
  }

  override duplicate(override?: Partial<RedisOptions>): Redis {
    const name = `${this.o.connectionName}/${++this.copies}`;
    return watch(super.duplicate({ ...override, connectionName: name }), name, this.o);
  }
}

/** The adapter options for a namespace: its stream, channels and session keys under the namespace's hash tag. */
export const adapterOptions = (namespace: string) => ({
  streamName: `{${namespace}}:socket.io`,
  channelPrefix: `{${namespace}}:socket.io`,
  sessionKeyPrefix: `{${namespace}}:sio:session:`,
  // Every node (and a standalone projector) announces every change: at 150 changes/s and 4 announcers 10,000
  // entries lasted ~17 s, so a node paused longer missed what was trimmed. 100,000 (a few tens of MB) lasts minutes;
  // the live server also re-checks sessions and tells pages to resync after a pause (see watchLiveness).
  maxLen: 100_000,
});

/**
 * The socket.io adapter for `namespace` on the Redis at `url`, with every link watched. Returns the adapter and a
 * function that closes its base connection (the adapter closes its duplicates with the server).
 */
export function redisStreamsAdapter(o: LiveRedisOptions) {
  const client = new WatchedRedis(o.url, o);
  return {
    adapter: createAdapter(client, adapterOptions(o.namespace)),
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
