// One short line per event for people (the activity feed and the timeline), from the event and the order's state
// just before and after it.
import type { StoredOrderEvent } from '../../../orders/events';
import { formatUsd } from '../../../orders/money';
import type { Order } from '../../../orders/order';

const lineOf = (order: Order, productId: string) =>
  order.status === 'none' ? undefined : order.lines.find((l) => l.productId === productId);

export function describeEvent(event: StoredOrderEvent, before: Order, after: Order): string {
  const total = after.status === 'none' ? '' : formatUsd(after.totalCents);
  switch (event.type) {
    case 'OrderCreated': {
      const lines = event.data.lines.map((l) => `${l.quantity} × ${l.name}`).join(', ');
      return `Created with ${lines}; total ${total}`;
    }
    case 'ItemAdded': {
      const d = event.data;
      const now = lineOf(after, d.productId)?.quantity ?? d.quantity;
      const merged = now !== d.quantity ? ` (now ${now})` : '';
      return `+${d.quantity} × ${d.name} at ${formatUsd(d.unitPriceCents)}${merged}`;
    }
    case 'ItemRemoved': {
      const line = lineOf(before, event.data.productId);
      return line ? `Removed ${line.quantity} × ${line.name}` : `Removed ${event.data.productId}`;
    }
    case 'ItemQuantityChanged': {
      const line = lineOf(before, event.data.productId);
      return `${line?.name ?? event.data.productId}: ${line?.quantity ?? '?'} → ${event.data.quantity}`;
    }
    case 'OrderSubmitted':
      return `Submitted; total ${total}`;
    case 'OrderConfirmed':
      return 'Confirmed: every line is reserved';
    case 'OrderShipped':
      return 'Shipped: its units left the stock';
    case 'OrderRejected': {
      const lines = event.data.unavailable.map((l) => `${l.name}: ${l.requested} asked, ${l.available} available`);
      return `Rejected: not enough stock (${lines.join('; ')})`;
    }
    case 'OrderCancelled':
      return event.data.reason ? `Cancelled: ${event.data.reason}` : 'Cancelled';
  }
}
