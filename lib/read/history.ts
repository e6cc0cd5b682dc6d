// The event store read as history: an order as it is now (for visibility checks that cannot wait for the read
// model), as it was at a version or a moment (time travel), and its events as recorded.
import type { Actor } from '../domain';
import { aggregateStream, type FoldedStream } from '../eventstore/aggregate-stream';
import type { EventStore, RecordedEvent } from '../eventstore/types';
import { orderStream } from '../orders/events';
import { mayAccess, type Order, orderStreamFolder } from '../orders/order';

export type ExistingOrder = Exclude<Order, { status: 'none' }>;

/**
 * The order from the event store when `actor` may see it (it exists and is theirs, or they are staff); null
 * otherwise, so callers answer "not found" either way and never reveal that an order exists.
 */
export async function loadVisibleOrder(
  store: EventStore,
  orderId: string,
  actor: Actor,
): Promise<{ state: ExistingOrder; version: number } | null> {
  const { state, version } = await aggregateStream(store, orderStream(orderId), orderStreamFolder);
  if (state.status === 'none' || !mayAccess(actor, state.customerId)) return null;
  return { state, version };
}

/**
 * The order as it was at `when`: at a version (1-based), or at a moment (the last event recorded at or before it).
 * Folds from a snapshot when one lies before `when` (unless `useSnapshots` is false). The state is `none` when the
 * order did not exist yet.
 */
export function loadOrderAt(
  store: EventStore,
  orderId: string,
  when: { version: number } | { at: Date },
  useSnapshots = true,
): Promise<FoldedStream<Order>> {
  const limit = 'version' in when ? { toVersion: when.version } : { at: when.at };
  return aggregateStream(store, orderStream(orderId), orderStreamFolder, { ...limit, useSnapshots });
}

/** Every event of the order up to `version`, as recorded (not upcast: this is the record), oldest first. */
export async function orderEvents(store: EventStore, orderId: string, version: number): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let from = 1; from <= version; from += 1000) {
    events.push(
      ...(await store.readStream(orderStream(orderId), { fromVersion: from, toVersion: version, limit: 1000 })),
    );
  }
  return events;
}
