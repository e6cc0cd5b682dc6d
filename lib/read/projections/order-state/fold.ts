// The folded Order state of every order the projections have seen, kept as JSON with the schema version of the
// code that wrote it. Each batch is folded ONCE here (before and after each event), and every projection computes
// its rows from that. A row of another schema version means the code changed shape: the projector then rebuilds
// every projection from the log instead of feeding old-shaped JSON to `evolve`.
import { eq, ne, sql } from 'drizzle-orm';
import type { AppDb } from '../../../../db/client';
import type { RecordedEvent } from '../../../eventstore/types';
import { isOrderStream, orderIdOfStream } from '../../../orders/events';
import { evolve, initialOrder, ORDER_STATE_SCHEMA_VERSION, type Order } from '../../../orders/order';
import { upcast } from '../../../orders/upcast';
import { type AppliedEvent, ProjectionError } from '../projection';
import { excludedColumns, placeholders } from '../sql';
import { ORDER_STATE, orderState, orderStateTables } from './tables';

export { ORDER_STATE } from './tables';

/** A batch folded once: its order events with the states around them, and each changed order before and after. */
export interface FoldedBatch {
  applied: AppliedEvent[];
  orders: Map<string, { before: Order; after: Order; last: RecordedEvent }>;
}

/** Folds batches against the saved states of the tables named with `suffix`; call inside the batch transaction. */
export function orderStateFolder(db: AppDb, suffix = '') {
  const t = orderStateTables(suffix).orderState;
  const load = db
    .select({ schemaVersion: t.schemaVersion, state: t.state })
    .from(t)
    .where(eq(t.orderId, sql.placeholder('orderId')))
    .prepare();
  const save = db
    .insert(t)
    .values(placeholders('orderId', 'schemaVersion', 'state'))
    .onConflictDoUpdate({ target: t.orderId, set: excludedColumns(t, ['orderId']) })
    .prepare();
  return {
    /** Throws ProjectionError (projection "order_state") naming an event that cannot be read. */
    fold(events: RecordedEvent[]): FoldedBatch {
      const applied: AppliedEvent[] = [];
      const orders: FoldedBatch['orders'] = new Map();
      for (const raw of events) {
        if (!isOrderStream(raw.streamId)) continue;
        try {
          const orderId = orderIdOfStream(raw.streamId);
          let entry = orders.get(orderId);
          if (!entry) {
            const row = load.get({ orderId });
            if (row && row.schemaVersion !== ORDER_STATE_SCHEMA_VERSION) {
              throw new Error(`saved state has schema version ${row.schemaVersion}, not ${ORDER_STATE_SCHEMA_VERSION}`);
            }
            const state = row ? (JSON.parse(row.state) as Order) : initialOrder;
            entry = { before: state, after: state, last: raw };
            orders.set(orderId, entry);
          }
          const event = upcast(raw);
          const next = evolve(entry.after, event);
          applied.push({ raw, event, before: entry.after, after: next });
          entry.after = next;
          entry.last = raw;
        } catch (error) {
          throw new ProjectionError(ORDER_STATE, raw, error);
        }
      }
      return { applied, orders };
    },
    save(batch: FoldedBatch): void {
      for (const [orderId, { after }] of batch.orders) {
        save.run({ orderId, schemaVersion: ORDER_STATE_SCHEMA_VERSION, state: JSON.stringify(after) });
      }
    },
  };
}

/** Whether any saved state was folded by code of another schema version (then the projections need a rebuild). */
export function hasStaleOrderState(db: AppDb): boolean {
  return (
    db
      .select({ one: sql`1` })
      .from(orderState)
      .where(ne(orderState.schemaVersion, ORDER_STATE_SCHEMA_VERSION))
      .limit(1)
      .get() !== undefined
  );
}

/** The order's folded state as the read model saved it (of this code's schema version), or null. */
export function savedOrderState(db: AppDb, orderId: string): Order | null {
  const row = db.select().from(orderState).where(eq(orderState.orderId, orderId)).get();
  return row && row.schemaVersion === ORDER_STATE_SCHEMA_VERSION ? (JSON.parse(row.state) as Order) : null;
}
