// What one version of an order changed against the one before it, for time travel: lines added, removed and changed,
// the total and the status before and after. Pure: it compares two folded states.
import type { Line, OrderStatus } from './events';
import type { Order } from './order';

export interface LineChange {
  productId: string;
  name: string;
  fromQuantity: number;
  toQuantity: number;
  unitPriceCents: number;
}

export interface OrderDiff {
  /** Lines on `after` and not on `before`, in `after`'s order. */
  added: Line[];
  /** Lines on `before` and not on `after`, in `before`'s order. */
  removed: Line[];
  /** Lines on both whose quantity differs, in `after`'s order. */
  changed: LineChange[];
  /** Totals in integer cents (0 for an order that did not exist). */
  totalFromCents: number;
  totalToCents: number;
  /** Statuses, null for an order that did not exist. */
  statusFrom: OrderStatus | null;
  statusTo: OrderStatus | null;
}

const linesOf = (o: Order): Line[] => (o.status === 'none' ? [] : o.lines);

/** The differences from `before` to `after` (two states of the same order, usually versions v-1 and v). */
export function diffOrders(before: Order, after: Order): OrderDiff {
  const was = new Map(linesOf(before).map((l) => [l.productId, l]));
  const now = new Map(linesOf(after).map((l) => [l.productId, l]));
  const changed: LineChange[] = [];
  for (const l of linesOf(after)) {
    const old = was.get(l.productId);
    if (old && old.quantity !== l.quantity) {
      changed.push({
        productId: l.productId,
        name: l.name,
        fromQuantity: old.quantity,
        toQuantity: l.quantity,
        unitPriceCents: l.unitPriceCents,
      });
    }
  }
  return {
    added: linesOf(after).filter((l) => !was.has(l.productId)),
    removed: linesOf(before).filter((l) => !now.has(l.productId)),
    changed,
    totalFromCents: before.status === 'none' ? 0 : before.totalCents,
    totalToCents: after.status === 'none' ? 0 : after.totalCents,
    statusFrom: before.status === 'none' ? null : before.status,
    statusTo: after.status === 'none' ? null : after.status,
  };
}
