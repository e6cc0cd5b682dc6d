import { formatCents } from '../orders/money';

export const money = (cents: number, locale: string) => formatCents(cents, locale, 'USD');

export const STATUS_LABEL = { draft: 'Draft', submitted: 'Submitted', cancelled: 'Cancelled' } as const;

const TYPE_LABEL: Record<string, string> = {
  OrderCreated: 'Created',
  ItemAdded: 'Item added',
  ItemRemoved: 'Item removed',
  ItemQuantityChanged: 'Quantity changed',
  OrderSubmitted: 'Submitted',
  OrderCancelled: 'Cancelled',
};
export const eventLabel = (type: string) => TYPE_LABEL[type] ?? type;
