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
 * Folds from `from` (a history snapshot at or before `when`) when given, else from the store's snapshot when one
 * lies before `when` (unless `useSnapshots` is false). The state is `none` when the order did not exist yet.
 */
export function loadOrderAt(
  store: EventStore,
  orderId: string,
  when: { version: number } | { at: Date },
  { useSnapshots = true, from }: { useSnapshots?: boolean; from?: { state: Order; version: number } | null } = {},
): Promise<FoldedStream<Order>> {
  const limit = 'version' in when ? { toVersion: when.version } : { at: when.at };
  return aggregateStream(store, orderStream(orderId), orderStreamFolder, {
    ...limit,
    useSnapshots,
    ...(from ? { from } : {}),
  });
}

/** A page of a stream's events: `events` in the order asked for, and the cursor of the next page (null: the end). */
export interface EventPage {
  events: RecordedEvent[];
  nextCursor: number | null;
}

/**
 * One page of the order's events up to `version`, as recorded (not upcast: this is the record). `newest`: newest
 * first, before version `cursor` (default: from `version` down); `oldest`: from the start, after version `cursor`.
 * `limit` events at most.
 */
export async function orderEventPage(
  store: EventStore,
  orderId: string,
  version: number,
  { order, limit, cursor }: { order: 'newest' | 'oldest'; limit: number; cursor?: number },
): Promise<EventPage> {
  const stream = orderStream(orderId);
  if (order === 'oldest') {
    const from = (cursor ?? 0) + 1;
    const events =
      from > version ? [] : await store.readStream(stream, { fromVersion: from, toVersion: version, limit });
    const last = events.at(-1)?.version ?? version;
    return { events, nextCursor: last < version ? last : null };
  }
  const to = Math.min(version, (cursor ?? version + 1) - 1);
  const from = Math.max(1, to - limit + 1);
  const events = to < 1 ? [] : (await store.readStream(stream, { fromVersion: from, toVersion: to, limit })).reverse();
  return { events, nextCursor: from > 1 ? from : null };
}
