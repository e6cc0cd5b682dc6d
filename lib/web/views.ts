// Read-model rows and domain states as the API shows them.
import { milestones, type Order } from '../orders/order';
import type { OrderSummary } from '../read/projections/orders/queries';

export const toSummary = (s: OrderSummary) => ({
  id: s.id,
  number: s.number,
  customerId: s.customerId,
  customerName: s.customerName,
  status: s.status,
  totalCents: s.totalCents,
  itemCount: s.itemCount,
  version: s.version,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

export const toDetail = (s: OrderSummary) => ({
  ...toSummary(s),
  submittedAt: s.submittedAt,
  cancelledAt: s.cancelledAt,
  cancelReason: s.cancelReason,
});

export function toState(o: Exclude<Order, { status: 'none' }>) {
  return {
    version: o.version,
    status: o.status,
    customerId: o.customerId,
    items: o.lines,
    totalCents: o.totalCents,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    ...milestones(o),
  };
}
