// The Order aggregate: `decide` turns a command into events or refuses it; `evolve` folds one event into the
// state. Both are pure: no clock, no I/O. Loading folds history with `evolve` only; new events are recorded by
// the command handler, never by replaying the past through `decide`.
import { OrderForbidden, OrderNotFound, OrderRuleViolation } from './errors';
import type { Line, OrderEvent, StoredOrderEvent } from './events';

export const MAX_LINES = 100;
export const MIN_QUANTITY = 1;
export const MAX_QUANTITY = 999;

export interface Product {
  id: string;
  name: string;
  priceCents: number;
  active: boolean;
}

export interface Actor {
  id: string;
  staff: boolean;
}

export type OrderCommand =
  | { type: 'CreateOrder'; data: { orderId: string; items: { productId: string; quantity: number }[] } }
  | { type: 'AddItem'; data: { orderId: string; productId: string; quantity: number } }
  | { type: 'RemoveItem'; data: { orderId: string; productId: string } }
  | { type: 'ChangeQuantity'; data: { orderId: string; productId: string; quantity: number } }
  | { type: 'SubmitOrder'; data: { orderId: string } }
  | { type: 'CancelOrder'; data: { orderId: string; reason: string } };

export type OrderCommandType = OrderCommand['type'];

/** What decide may know besides the state: who asks, and the catalog entries the command names (read just now). */
export interface DecideContext {
  actor: Actor;
  products: ReadonlyMap<string, Product>;
}

interface Existing {
  orderId: string;
  customerId: string;
  lines: Line[];
  totalCents: number;
  /** Number of events folded: the stream version this state reflects. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type Order =
  | { status: 'none'; version: 0 }
  | (Existing & { status: 'draft' })
  | (Existing & { status: 'submitted'; submittedAt: string })
  | (Existing & { status: 'cancelled'; cancelledAt: string; reason: string; submittedAt: string | null });

export type OrderStatus = Exclude<Order['status'], 'none'>;

/** Who may see and act on an order: its owner (the customer who created it), and staff. */
export const mayAccess = (actor: Actor, customerId: string) => actor.staff || actor.id === customerId;

export const initialOrder: Order = { status: 'none', version: 0 };

// ---------------------------------------------------------------------------------------------------------------
// decide

export function decide(cmd: OrderCommand, order: Order, ctx: DecideContext): OrderEvent[] {
  if (cmd.type === 'CreateOrder') return create(cmd.data, order, ctx);
  if (order.status === 'none') throw new OrderNotFound(cmd.data.orderId);
  if (!mayAccess(ctx.actor, order.customerId)) throw new OrderForbidden(order.orderId);
  switch (cmd.type) {
    case 'AddItem':
      return addItem(cmd.data, order, ctx);
    case 'RemoveItem':
      return removeItem(cmd.data, order);
    case 'ChangeQuantity':
      return changeQuantity(cmd.data, order);
    case 'SubmitOrder':
      return submit(order);
    case 'CancelOrder':
      return cancel(cmd.data, order);
    default:
      return assertNever(cmd);
  }
}

type ExistingOrder = Exclude<Order, { status: 'none' }>;

function create(
  data: Extract<OrderCommand, { type: 'CreateOrder' }>['data'],
  order: Order,
  ctx: DecideContext,
): OrderEvent[] {
  if (order.status !== 'none')
    throw new OrderRuleViolation('OrderAlreadyExists', `order ${data.orderId} already exists`);
  if (data.items.length === 0) throw new OrderRuleViolation('NoLines', 'an order needs at least one item');
  const lines: Line[] = [];
  for (const item of data.items) {
    checkQuantity(item.quantity);
    const product = usableProduct(item.productId, ctx);
    const line = lines.find((l) => l.productId === item.productId);
    if (line) {
      line.quantity = mergedQuantity(line, item.quantity);
      continue;
    }
    lines.push({
      productId: product.id,
      name: product.name,
      quantity: item.quantity,
      unitPriceCents: product.priceCents,
    });
  }
  if (lines.length > MAX_LINES) {
    throw new OrderRuleViolation('TooManyLines', `an order has at most ${MAX_LINES} lines (got ${lines.length})`);
  }
  return [{ type: 'OrderCreated', data: { orderId: data.orderId, customerId: ctx.actor.id, lines } }];
}

function addItem(
  data: Extract<OrderCommand, { type: 'AddItem' }>['data'],
  order: ExistingOrder,
  ctx: DecideContext,
): OrderEvent[] {
  assertDraft(order);
  checkQuantity(data.quantity);
  const product = usableProduct(data.productId, ctx);
  const line = order.lines.find((l) => l.productId === data.productId);
  if (line) {
    mergedQuantity(line, data.quantity);
    // The line keeps the name and price it was first added at.
    return [{ type: 'ItemAdded', data: { orderId: order.orderId, ...line, quantity: data.quantity } }];
  }
  if (order.lines.length >= MAX_LINES) {
    throw new OrderRuleViolation('TooManyLines', `an order has at most ${MAX_LINES} lines`);
  }
  return [
    {
      type: 'ItemAdded',
      data: {
        orderId: order.orderId,
        productId: product.id,
        name: product.name,
        quantity: data.quantity,
        unitPriceCents: product.priceCents,
      },
    },
  ];
}

function removeItem(data: { productId: string }, order: ExistingOrder): OrderEvent[] {
  assertDraft(order);
  lineOf(order, data.productId);
  return [{ type: 'ItemRemoved', data: { orderId: order.orderId, productId: data.productId } }];
}

function changeQuantity(data: { productId: string; quantity: number }, order: ExistingOrder): OrderEvent[] {
  assertDraft(order);
  const line = lineOf(order, data.productId);
  checkQuantity(data.quantity);
  if (line.quantity === data.quantity) return []; // already so: nothing happened
  return [
    {
      type: 'ItemQuantityChanged',
      data: { orderId: order.orderId, productId: data.productId, quantity: data.quantity },
    },
  ];
}

function submit(order: ExistingOrder): OrderEvent[] {
  if (order.status === 'submitted') throw new OrderRuleViolation('AlreadySubmitted', 'the order is already submitted');
  if (order.status === 'cancelled')
    throw new OrderRuleViolation('AlreadyCancelled', 'a cancelled order cannot be submitted');
  if (order.lines.length === 0)
    throw new OrderRuleViolation('NoLines', 'an order needs at least one item to be submitted');
  return [{ type: 'OrderSubmitted', data: { orderId: order.orderId } }];
}

function cancel(data: { reason: string }, order: ExistingOrder): OrderEvent[] {
  if (order.status === 'cancelled') throw new OrderRuleViolation('AlreadyCancelled', 'the order is already cancelled');
  return [{ type: 'OrderCancelled', data: { orderId: order.orderId, reason: data.reason } }];
}

function assertDraft(order: ExistingOrder): void {
  if (order.status !== 'draft') {
    throw new OrderRuleViolation('OrderNotDraft', `the order is ${order.status}: only a draft order can be changed`);
  }
}

function checkQuantity(quantity: number): void {
  if (!Number.isInteger(quantity) || quantity < MIN_QUANTITY || quantity > MAX_QUANTITY) {
    throw new OrderRuleViolation(
      'QuantityOutOfRange',
      `quantity must be a whole number from ${MIN_QUANTITY} to ${MAX_QUANTITY} (got ${quantity})`,
    );
  }
}

function mergedQuantity(line: Line, added: number): number {
  const merged = line.quantity + added;
  if (merged > MAX_QUANTITY) {
    throw new OrderRuleViolation(
      'QuantityOutOfRange',
      `${line.name} would have quantity ${merged}; a line holds at most ${MAX_QUANTITY}`,
    );
  }
  return merged;
}

function usableProduct(productId: string, ctx: DecideContext): Product {
  const product = ctx.products.get(productId);
  if (!product) throw new OrderRuleViolation('UnknownProduct', `unknown product "${productId}"`);
  if (!product.active) throw new OrderRuleViolation('InactiveProduct', `${product.name} is no longer sold`);
  return product;
}

function lineOf(order: ExistingOrder, productId: string): Line {
  const line = order.lines.find((l) => l.productId === productId);
  if (!line) throw new OrderRuleViolation('ProductNotOnOrder', `product "${productId}" is not on this order`);
  return line;
}

function assertNever(x: never): never {
  throw new Error(`unhandled command ${JSON.stringify(x)}`);
}

// ---------------------------------------------------------------------------------------------------------------
// evolve

export function evolve(order: Order, event: StoredOrderEvent): Order {
  const at = event.recordedAt;
  const version = event.version;
  if (event.type === 'OrderCreated') {
    const { orderId, customerId, lines } = event.data;
    return withLines(
      { status: 'draft', orderId, customerId, lines: [], totalCents: 0, version, createdAt: at, updatedAt: at },
      lines.map((l) => ({ ...l })),
    );
  }
  if (order.status === 'none') return order; // an event of an order never created cannot change anything
  const next = { ...order, version, updatedAt: at };
  switch (event.type) {
    case 'ItemAdded': {
      const { orderId: _, ...added } = event.data;
      const exists = order.lines.some((l) => l.productId === added.productId);
      return withLines(
        next,
        exists
          ? order.lines.map((l) =>
              l.productId === added.productId ? { ...l, quantity: l.quantity + added.quantity } : l,
            )
          : [...order.lines, added],
      );
    }
    case 'ItemRemoved':
      return withLines(
        next,
        order.lines.filter((l) => l.productId !== event.data.productId),
      );
    case 'ItemQuantityChanged':
      return withLines(
        next,
        order.lines.map((l) => (l.productId === event.data.productId ? { ...l, quantity: event.data.quantity } : l)),
      );
    case 'OrderSubmitted':
      return { ...next, status: 'submitted', submittedAt: at };
    case 'OrderCancelled':
      return {
        ...next,
        status: 'cancelled',
        cancelledAt: at,
        reason: event.data.reason,
        submittedAt: order.status === 'submitted' ? order.submittedAt : null,
      };
    default:
      return assertNever(event);
  }
}

function withLines<O extends ExistingOrder>(order: O, lines: Line[]): O {
  return { ...order, lines, totalCents: lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0) };
}

/** When an existing order was submitted and cancelled, and why: null where it has not happened. */
export function milestones(o: Exclude<Order, { status: 'none' }>) {
  return {
    submittedAt: o.status === 'draft' ? null : o.submittedAt,
    cancelledAt: o.status === 'cancelled' ? o.cancelledAt : null,
    cancelReason: o.status === 'cancelled' ? o.reason : null,
  };
}

export function fold(events: Iterable<StoredOrderEvent>, from: Order = initialOrder): Order {
  let order = from;
  for (const e of events) order = evolve(order, e);
  return order;
}
