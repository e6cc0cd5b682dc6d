// The orders projection: an order's summary row and lines from its state after each batch, and each customer's
// figures from the difference between the states before and after.
import { sql } from 'drizzle-orm';
import { milestones, type Order } from '../../../orders/order';
import type { Projection } from '../projection';
import { excludedColumns, placeholders } from '../sql';
import { ordersTables } from './tables';

type Stats = {
  orders: number;
  submitted: number;
  cancelled: number;
  ltv: number;
  lastOrderAt: string | null;
  events: number;
};
const noStats = (): Stats => ({ orders: 0, submitted: 0, cancelled: 0, ltv: 0, lastOrderAt: null, events: 0 });

/** Placed and standing: submitted (its stock being reserved), confirmed or shipped; not rejected, not cancelled. */
const standing = (o: Order) => o.status === 'submitted' || o.status === 'confirmed' || o.status === 'shipped';

const statsOf = (o: Order): Stats =>
  o.status === 'none'
    ? noStats()
    : {
        orders: 1,
        submitted: standing(o) ? 1 : 0,
        cancelled: o.status === 'cancelled' ? 1 : 0,
        ltv: standing(o) ? o.totalCents : 0,
        lastOrderAt: o.createdAt,
        events: 0,
      };

export const ordersProjection: Projection = {
  name: 'orders',
  version: 3, // 3: order numbers
  tables: ['order_summaries', 'order_items', 'customer_stats'],
  announces: true,
  open(db, suffix) {
    const t = ordersTables(suffix);
    const upsertSummary = db
      .insert(t.summaries)
      .values(
        placeholders(
          'id',
          'number',
          'customerId',
          'customerName',
          'status',
          'totalCents',
          'itemCount',
          'version',
          'createdAt',
          'updatedAt',
          'submittedAt',
          'cancelledAt',
          'cancelReason',
        ),
      )
      .onConflictDoUpdate({
        target: t.summaries.id,
        set: {
          ...excludedColumns(t.summaries, ['id', 'customerName', 'number']),
          // Known from the creating event only: later batches keep them.
          customerName: sql`coalesce(excluded.${sql.identifier(t.summaries.customerName.name)}, ${t.summaries.customerName})`,
          number: sql`coalesce(excluded.${sql.identifier(t.summaries.number.name)}, ${t.summaries.number})`,
        },
      })
      .prepare();
    const deleteItems = db
      .delete(t.items)
      .where(sql`${t.items.orderId} = ${sql.placeholder('orderId')}`)
      .prepare();
    const insertItem = db
      .insert(t.items)
      .values(placeholders('orderId', 'productId', 'lineNo', 'name', 'quantity', 'unitPriceCents'))
      .prepare();
    const s = t.stats;
    const addStats = db
      .insert(s)
      .values(
        placeholders(
          'customerId',
          'ordersCount',
          'submittedCount',
          'cancelledCount',
          'lifetimeValueCents',
          'lastOrderAt',
          'events',
        ),
      )
      .onConflictDoUpdate({
        target: s.customerId,
        set: {
          ordersCount: sql`${s.ordersCount} + excluded.${sql.identifier(s.ordersCount.name)}`,
          submittedCount: sql`${s.submittedCount} + excluded.${sql.identifier(s.submittedCount.name)}`,
          cancelledCount: sql`${s.cancelledCount} + excluded.${sql.identifier(s.cancelledCount.name)}`,
          lifetimeValueCents: sql`${s.lifetimeValueCents} + excluded.${sql.identifier(s.lifetimeValueCents.name)}`,
          events: sql`${s.events} + excluded.${sql.identifier(s.events.name)}`,
          lastOrderAt: sql`CASE WHEN ${s.lastOrderAt} IS NULL OR excluded.${sql.identifier(s.lastOrderAt.name)} > ${s.lastOrderAt}
            THEN excluded.${sql.identifier(s.lastOrderAt.name)} ELSE ${s.lastOrderAt} END`,
        },
      })
      .prepare();

    const deltas = new Map<string, Stats>();
    const names = new Map<string, string>();
    const numbers = new Map<string, number>();
    return {
      onEvent({ raw, event, after }) {
        const name = raw.metadata.actorName;
        if (event.type === 'OrderCreated' && typeof name === 'string') names.set(event.data.orderId, name);
        if (event.type === 'OrderCreated') numbers.set(event.data.orderId, raw.position);
        if (after.status === 'none') return;
        const d = deltas.get(after.customerId) ?? noStats();
        d.events++;
        deltas.set(after.customerId, d);
      },
      onOrder(orderId, before, after) {
        if (after.status === 'none') return;
        upsertSummary.run({
          id: orderId,
          number: numbers.get(orderId) ?? null,
          customerId: after.customerId,
          customerName: names.get(orderId) ?? null,
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
          deleteItems.run({ orderId });
          after.lines.forEach((l, lineNo) => {
            insertItem.run({ orderId, lineNo, ...l });
          });
        }
        const beforeTotal = before.status === 'none' ? 0 : before.totalCents;
        if (before.status === after.status && beforeTotal === after.totalCents) return;
        const b = statsOf(before);
        const a = statsOf(after);
        const d = deltas.get(after.customerId) ?? noStats();
        d.orders += a.orders - b.orders;
        d.submitted += a.submitted - b.submitted;
        d.cancelled += a.cancelled - b.cancelled;
        d.ltv += a.ltv - b.ltv;
        if (a.lastOrderAt && (!d.lastOrderAt || a.lastOrderAt > d.lastOrderAt)) d.lastOrderAt = a.lastOrderAt;
        deltas.set(after.customerId, d);
      },
      onBatchEnd() {
        for (const [customerId, d] of deltas) {
          addStats.run({
            customerId,
            ordersCount: d.orders,
            submittedCount: d.submitted,
            cancelledCount: d.cancelled,
            lifetimeValueCents: d.ltv,
            lastOrderAt: d.lastOrderAt,
            events: d.events,
          });
        }
        deltas.clear();
        names.clear();
        numbers.clear();
      },
    };
  },
};
