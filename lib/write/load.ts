// Loading an order: the newest usable snapshot, then the events after it, each upcast and folded with `evolve`.
// Also the temporal loads: the order as it was at a version or at a moment.
import type { EventStore, RecordedEvent } from '../eventstore/types';
import { orderStream } from '../orders/events';
import { type Actor, evolve, initialOrder, mayAccess, type Order } from '../orders/order';
import { upcast } from '../orders/upcast';

/** Version of the Order state's JSON shape in snapshots; bump it when `Order` changes shape. */
export const ORDER_STATE_SCHEMA_VERSION = 1;

const PAGE = 1000;

export interface LoadedOrder {
  state: Order;
  /** The stream's version when loaded: what the next append expects. */
  version: number;
  /** Version of the snapshot the load started from (0: none). */
  snapshotVersion: number;
}

export interface LoadOptions {
  /** Start from the newest snapshot (default true); false folds every event. */
  useSnapshots?: boolean;
}

type Limit = { toVersion?: number; at?: Date };

async function foldStream(
  store: EventStore,
  orderId: string,
  limit: Limit,
  useSnapshots: boolean,
): Promise<LoadedOrder> {
  const streamId = orderStream(orderId);
  let state: Order = initialOrder;
  let version = 0;
  let snapshotVersion = 0;
  if (useSnapshots) {
    const snap = await store.loadSnapshot(streamId);
    const usable =
      snap !== null &&
      snap.schemaVersion === ORDER_STATE_SCHEMA_VERSION &&
      (limit.toVersion === undefined || snap.version <= limit.toVersion) &&
      (limit.at === undefined || Date.parse(snap.at) <= limit.at.getTime());
    if (usable) {
      state = snap.state as Order;
      version = snap.version;
      snapshotVersion = snap.version;
    }
  }
  const until = limit.at?.getTime();
  for (;;) {
    const page: RecordedEvent[] = await store.readStream(streamId, {
      fromVersion: version + 1,
      toVersion: limit.toVersion,
      limit: PAGE,
    });
    for (const e of page) {
      if (until !== undefined && Date.parse(e.recordedAt) > until) return { state, version, snapshotVersion };
      state = evolve(state, upcast(e));
      version = e.version;
    }
    if (page.length < PAGE) return { state, version, snapshotVersion };
  }
}

export function loadOrder(store: EventStore, orderId: string, options: LoadOptions = {}): Promise<LoadedOrder> {
  return foldStream(store, orderId, {}, options.useSnapshots ?? true);
}

/**
 * The order from the event store when the actor may see it (it exists and is theirs, or they are staff); null
 * otherwise, so callers answer "not found" either way and never reveal that an order exists.
 */
export async function loadVisibleOrder(store: EventStore, orderId: string, actor: Actor) {
  const loaded = await loadOrder(store, orderId);
  const { state } = loaded;
  if (state.status === 'none' || !mayAccess(actor, state.customerId)) return null;
  return { ...loaded, state };
}

/** The order as it was at a version, or at a moment (the last event recorded at or before it). */
export async function loadAt(
  store: EventStore,
  orderId: string,
  when: { version: number } | { at: Date },
  options: LoadOptions = {},
): Promise<LoadedOrder> {
  const limit = 'version' in when ? { toVersion: when.version } : { at: when.at };
  return foldStream(store, orderId, limit, options.useSnapshots ?? true);
}
