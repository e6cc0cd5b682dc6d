// Words and numbers for people: money in the reader's locale, and labels for statuses and event types.
import { isOrderEventType, type OrderEventType, type OrderStatus } from '../orders/events';
import { formatCents } from '../orders/money';

export const money = (cents: number, locale: string) => formatCents(cents, locale, 'USD');

export const STATUS_LABEL: Record<OrderStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  cancelled: 'Cancelled',
};

const TYPE_LABEL: Record<OrderEventType, string> = {
  OrderCreated: 'Created',
  ItemAdded: 'Item added',
  ItemRemoved: 'Item removed',
  ItemQuantityChanged: 'Quantity changed',
  OrderSubmitted: 'Submitted',
  OrderCancelled: 'Cancelled',
};

/** A label for an event type; a type this code does not know (an older one, say) is shown as stored. */
export const eventLabel = (type: string) => (isOrderEventType(type) ? TYPE_LABEL[type] : type);
