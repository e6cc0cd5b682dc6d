// The projections: each turns a batch of events into rows, inside the caller's transaction. Each keeps the folded
// Order state of the orders it has seen (JSON, in a table of its own), so a row is computed from the order's
// state before and after an event with the domain's own `evolve`: the read model cannot disagree with the
// aggregate. Statements are plain SQL prepared once per table set (live tables, or a rebuild's shadow tables).
import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../eventstore/types';
import { ORDER_STREAM_PREFIX, orderIdOfStream, type StoredOrderEvent } from '../orders/events';
import { evolve, initialOrder, milestones, type Order } from '../orders/order';
import { upcast } from '../orders/upcast';
import { describeEvent } from './describe';
import type { OrderChange } from './notifier';

export type ProjectionName = 'orders' | 'activity';

export interface AppliedEvent {
  raw: RecordedEvent;
  event: StoredOrderEvent;
  before: Order;
  after: Order;
}

interface Writer {
  onEvent?(e: AppliedEvent): void;
  onOrder?(orderId: string, before: Order, after: Order): void;
  onBatchEnd?(): void;
}

export interface ProjectionDef {
  name: ProjectionName;
  /** Every table the projection owns (its rows and its state), in the order a swap copies them. */
  tables: readonly string[];
  stateTable: string;
  /** Whether its commits are announced to live listeners (the projection the pages read). */
  announces: boolean;
  writer(db: Database.Database, t: (table: string) => string): Writer;
}

/** An event the projection could not handle: names the event, so nothing is skipped silently. */
export class ProjectionError extends Error {
  override name = 'ProjectionError';
  constructor(
    readonly projection: string,
    readonly event: Pick<RecordedEvent, 'type' | 'position' | 'streamId' | 'version' | 'eventId'>,
    readonly cause: unknown,
  ) {
    super(
      `projection "${projection}" failed on event ${event.type} at position ${event.position} ` +
        `(${event.streamId} v${event.version}, id ${event.eventId}): ${(cause as Error)?.message ?? String(cause)}`,
    );
  }
}

const summaryStatus = (o: Order) => (o.status === 'none' ? null : o.status);

const orders: ProjectionDef = {
  name: 'orders',
  tables: ['order_summaries', 'order_items', 'customer_stats', 'orders_projection_state'],
  stateTable: 'orders_projection_state',
  announces: true,
  writer(db, t) {
    const upsertSummary = db.prepare(
      `INSERT INTO ${t('order_summaries')} (id, customer_id, status, total_cents, item_count, version, created_at,
         updated_at, submitted_at, cancelled_at, cancel_reason)
       VALUES (@id, @customerId, @status, @totalCents, @itemCount, @version, @createdAt, @updatedAt, @submittedAt,
         @cancelledAt, @cancelReason)
       ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, status = excluded.status,
         total_cents = excluded.total_cents, item_count = excluded.item_count, version = excluded.version,
         created_at = excluded.created_at, updated_at = excluded.updated_at, submitted_at = excluded.submitted_at,
         cancelled_at = excluded.cancelled_at, cancel_reason = excluded.cancel_reason`,
    );
    const deleteItems = db.prepare(`DELETE FROM ${t('order_items')} WHERE order_id = ?`);
    const insertItem = db.prepare(
      `INSERT INTO ${t('order_items')} (order_id, product_id, line_no, name, quantity, unit_price_cents)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const addStats = db.prepare(
      `INSERT INTO ${t('customer_stats')} (customer_id, orders_count, submitted_count, cancelled_count,
         lifetime_value_cents, last_order_at)
       VALUES (@customerId, @orders, @submitted, @cancelled, @ltv, @lastOrderAt)
       ON CONFLICT (customer_id) DO UPDATE SET orders_count = orders_count + excluded.orders_count,
         submitted_count = submitted_count + excluded.submitted_count,
         cancelled_count = cancelled_count + excluded.cancelled_count,
         lifetime_value_cents = lifetime_value_cents + excluded.lifetime_value_cents,
         last_order_at = CASE WHEN last_order_at IS NULL OR excluded.last_order_at > last_order_at
                              THEN excluded.last_order_at ELSE last_order_at END`,
    );
    type Stats = { orders: number; submitted: number; cancelled: number; ltv: number; lastOrderAt: string | null };
    const statsOf = (o: Order): Stats =>
      o.status === 'none'
        ? { orders: 0, submitted: 0, cancelled: 0, ltv: 0, lastOrderAt: null }
        : {
            orders: 1,
            submitted: o.status === 'submitted' ? 1 : 0,
            cancelled: o.status === 'cancelled' ? 1 : 0,
            ltv: o.status === 'submitted' ? o.totalCents : 0,
            lastOrderAt: o.createdAt,
          };
    const deltas = new Map<string, Stats>();
    return {
      onOrder(orderId, before, after) {
        if (after.status === 'none') return;
        upsertSummary.run({
          id: orderId,
          customerId: after.customerId,
          status: after.status,
          totalCents: after.totalCents,
          itemCount: after.lines.length,
          version: after.version,
          createdAt: after.createdAt,
          updatedAt: after.updatedAt,
          ...milestones(after),
        });
        const sameLines = before.status !== 'none' && JSON.stringify(before.lines) === JSON.stringify(after.lines);
        if (!sameLines) {
          deleteItems.run(orderId);
          after.lines.forEach((l, i) => {
            insertItem.run(orderId, l.productId, i, l.name, l.quantity, l.unitPriceCents);
          });
        }
        if (
          summaryStatus(before) === after.status &&
          (before.status === 'none' ? 0 : before.totalCents) === after.totalCents
        )
          return;
        const b = statsOf(before);
        const a = statsOf(after);
        const d = deltas.get(after.customerId) ?? { orders: 0, submitted: 0, cancelled: 0, ltv: 0, lastOrderAt: null };
        d.orders += a.orders - b.orders;
        d.submitted += a.submitted - b.submitted;
        d.cancelled += a.cancelled - b.cancelled;
        d.ltv += a.ltv - b.ltv;
        if (a.lastOrderAt && (!d.lastOrderAt || a.lastOrderAt > d.lastOrderAt)) d.lastOrderAt = a.lastOrderAt;
        deltas.set(after.customerId, d);
      },
      onBatchEnd() {
        for (const [customerId, d] of deltas) addStats.run({ customerId, ...d });
        deltas.clear();
      },
    };
  },
};

const activity: ProjectionDef = {
  name: 'activity',
  tables: ['order_activity', 'activity_projection_state'],
  stateTable: 'activity_projection_state',
  announces: false,
  writer(db, t) {
    const insert = db.prepare(
      `INSERT INTO ${t('order_activity')} (position, event_id, order_id, type, version, actor, recorded_at, summary,
         correlation_id, causation_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    return {
      onEvent({ raw, event, before, after }) {
        const text = (v: unknown) => (typeof v === 'string' ? v : null);
        insert.run(
          raw.position,
          raw.eventId,
          orderIdOfStream(raw.streamId),
          event.type,
          raw.version,
          text(raw.metadata.actor),
          raw.recordedAt,
          describeEvent(event, before, after),
          text(raw.metadata.correlationId),
          text(raw.metadata.causationId),
        );
      },
    };
  },
};

export const PROJECTIONS: readonly ProjectionDef[] = [orders, activity];

export function projectionNamed(name: string): ProjectionDef {
  const def = PROJECTIONS.find((p) => p.name === name);
  if (!def) throw new Error(`no projection named "${name}" (there are: ${PROJECTIONS.map((p) => p.name).join(', ')})`);
  return def;
}

/** Applies a batch with prepared statements; call inside a transaction. Returns the orders it changed. */
export interface BatchApplier {
  apply(events: RecordedEvent[]): OrderChange[];
}

export function batchApplier(
  db: Database.Database,
  def: ProjectionDef,
  t: (table: string) => string = (x) => x,
): BatchApplier {
  const writer = def.writer(db, t);
  const loadState = db.prepare<[string], { state: string }>(
    `SELECT state FROM ${t(def.stateTable)} WHERE order_id = ?`,
  );
  const saveState = db.prepare(
    `INSERT INTO ${t(def.stateTable)} (order_id, state) VALUES (?, ?)
     ON CONFLICT (order_id) DO UPDATE SET state = excluded.state`,
  );
  return {
    apply(events) {
      const touched = new Map<string, { before: Order; after: Order }>();
      for (const raw of events) {
        if (!raw.streamId.startsWith(ORDER_STREAM_PREFIX)) continue;
        try {
          const orderId = orderIdOfStream(raw.streamId);
          let entry = touched.get(orderId);
          if (!entry) {
            const row = loadState.get(orderId);
            const state = row ? (JSON.parse(row.state) as Order) : initialOrder;
            entry = { before: state, after: state };
            touched.set(orderId, entry);
          }
          const event = upcast(raw);
          const next = evolve(entry.after, event);
          writer.onEvent?.({ raw, event, before: entry.after, after: next });
          entry.after = next;
        } catch (error) {
          throw new ProjectionError(def.name, raw, error);
        }
      }
      const changes: OrderChange[] = [];
      for (const [orderId, { before, after }] of touched) {
        writer.onOrder?.(orderId, before, after);
        saveState.run(orderId, JSON.stringify(after));
        if (after.status !== 'none') {
          changes.push({ orderId, customerId: after.customerId, version: after.version, status: after.status });
        }
      }
      writer.onBatchEnd?.();
      return changes;
    },
  };
}
