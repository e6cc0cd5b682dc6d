// Words and numbers for people: money in the reader's locale, and labels for statuses and event types.
import type { StoredProductEvent } from '../catalog/events';
import { isOrderEventType, type OrderEventType, type OrderStatus } from '../orders/events';
import { formatCents } from '../orders/money';

export const money = (cents: number, locale: string) => formatCents(cents, locale, 'USD');

export const STATUS_LABEL: Record<OrderStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  confirmed: 'Confirmed',
  shipped: 'Shipped',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
};

const TYPE_LABEL: Record<OrderEventType, string> = {
  OrderCreated: 'Created',
  ItemAdded: 'Item added',
  ItemRemoved: 'Item removed',
  ItemQuantityChanged: 'Quantity changed',
  OrderSubmitted: 'Submitted',
  OrderConfirmed: 'Confirmed',
  OrderShipped: 'Shipped',
  OrderRejected: 'Rejected',
  OrderCancelled: 'Cancelled',
};

/** The order event types whose label contains `text` (any case): "item added" → ItemAdded. */
export const typesLabelled = (text: string): OrderEventType[] => {
  const t = text.trim().toLocaleLowerCase('en');
  return t
    ? (Object.keys(TYPE_LABEL) as OrderEventType[]).filter((k) => TYPE_LABEL[k].toLocaleLowerCase('en').includes(t))
    : [];
};

/** A label for an event type; a type this code does not know (an older one, say) is shown as stored. */
export const eventLabel = (type: string) => (isOrderEventType(type) ? TYPE_LABEL[type] : type);

/**
 * A price typed in dollars ("12.5", "12.50", "$1,200") as integer cents, parsed as text (never through a float);
 * NaN when it is not an amount with at most two decimals. The rules then refuse NaN with their own message.
 */
export function centsFromDollars(text: string): number {
  const m = /^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return Number.NaN;
  return Number(m[1]!.replaceAll(',', '')) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Cents as a plain dollar amount for an input field: 1250 → "12.50". */
export const dollarsOf = (cents: number) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** One line for a product event. */
export function productEventLabel(e: StoredProductEvent, locale: string): string {
  switch (e.type) {
    case 'ProductListed':
      return `Listed as ${e.data.name} at ${money(e.data.priceCents, locale)}`;
    case 'ProductRenamed':
      return `Renamed to ${e.data.name}`;
    case 'PriceChanged':
      return `Price ${money(e.data.fromCents, locale)} → ${money(e.data.toCents, locale)}`;
    case 'ProductRetired':
      return 'Retired';
    case 'ProductRelisted':
      return 'Relisted';
  }
}

/** At or under this many units left, shoppers are told how many ("only 3 left"). */
export const LOW_STOCK = 10;

/** What a shopper is told of a product's stock: in stock, only N left, or out of stock. */
export function availability(available: number): { text: string; level: 'in' | 'low' | 'out' } {
  if (available <= 0) return { text: 'Out of stock', level: 'out' };
  if (available <= LOW_STOCK) return { text: `Only ${available} left`, level: 'low' };
  return { text: 'In stock', level: 'in' };
}

/** A stock movement of an order, in the timeline's words: "Stock: 2 × Brass lamp held". */
export function stockMovementLabel(
  m: { type: string; quantity: number; available: number | null },
  name: string,
): string {
  switch (m.type) {
    case 'StockReserved':
      return `Stock: ${m.quantity} × ${name} held`;
    case 'ReservationRefused':
      return `Stock: ${m.quantity} × ${name} refused (${m.available ?? 0} available)`;
    case 'ReservationReleased':
      return `Stock: ${m.quantity} × ${name} released`;
    case 'ReservationCommitted':
      return `Stock: ${m.quantity} × ${name} shipped`;
    default:
      return `Stock: ${m.type}`;
  }
}

/** A stock event for staff, in words: "Received 20", "Corrected −2: broken", "Held 2 for order 9324e700". */
export function stockEventLabel(e: { type: string; data: Record<string, unknown> }): string {
  const q = Number(e.data.quantity);
  const order = typeof e.data.orderId === 'string' ? ` for order ${e.data.orderId.slice(0, 8)}` : '';
  switch (e.type) {
    case 'StockReceived':
      return `Received ${q}`;
    case 'StockAdjusted':
      return `Corrected ${q > 0 ? `+${q}` : `−${-q}`}: ${String(e.data.reason)}`;
    case 'StockReserved':
      return `Held ${q}${order}`;
    case 'ReservationRefused':
      return `Refused ${q}${order} (${Number(e.data.available)} available)`;
    case 'ReservationReleased':
      return `Released ${q}${order}`;
    case 'ReservationCommitted':
      return `Shipped ${q}${order}`;
    default:
      return e.type;
  }
}
