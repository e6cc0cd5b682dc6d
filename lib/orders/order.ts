// The Order aggregate: `decide` turns a command into events or refuses it; `evolve` folds one event into the
// state. Both are pure: no clock, no I/O. Loading folds history with `evolve` only; new events are recorded by
// the command handler, never by replaying the past through `decide`.
import { type Actor, assertNever, type Decider, DomainError, fold as domainFold, isPlainLine } from '../domain';
import type { OrderCommand } from './commands';
import type { Line, OrderEvent, OrderStatus, StoredOrderEvent, UnavailableLine } from './events';
import { upcast } from './upcast';

export const MAX_LINES = 100;
export const MIN_QUANTITY = 1;
export const MAX_QUANTITY = 999;

export interface Product {
  id: string;
  name: string;
  priceCents: number;
  active: boolean;
}

/** Why a command was refused: the `code` of a DomainError of kind `rule`. */
export type OrderRuleCode =
  | 'OrderAlreadyExists'
  | 'NoLines'
  | 'TooManyLines'
  | 'QuantityOutOfRange'
  | 'UnknownProduct'
  | 'InactiveProduct'
  | 'ProductNotOnOrder'
  | 'OrderNotDraft'
  | 'AlreadySubmitted'
  | 'AlreadyCancelled'
  | 'AlreadyRejected'
  | 'NotAwaitingStock'
  | 'NotConfirmed'
  | 'AlreadyShipped'
  | 'ReasonNotPlain';

const ruleViolation = (code: OrderRuleCode, message: string) => new DomainError('rule', code, message);
const notFound = (orderId: string) => new DomainError('not_found', 'OrderNotFound', `order ${orderId} does not exist`);
/** The actor may not act on this order: answered like "not found" on the web, so nobody learns it exists. */
const forbidden = (orderId: string) =>
  new DomainError('forbidden', 'OrderForbidden', `order ${orderId} does not exist`);

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
  | (Existing & { status: 'confirmed'; submittedAt: string; confirmedAt: string })
  | (Existing & { status: 'shipped'; submittedAt: string; confirmedAt: string; shippedAt: string })
  | (Existing & { status: 'rejected'; submittedAt: string; rejectedAt: string; unavailable: UnavailableLine[] })
  | (Existing & { status: 'cancelled'; cancelledAt: string; reason: string; submittedAt: string | null });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Checked by the compiler: an existing Order's statuses are exactly ORDER_STATUSES. */
export const STATUSES_AGREE: Same<OrderStatus, Exclude<Order['status'], 'none'>> = true;

/** Who may see and act on an order: its owner (the customer who created it), and staff. */
export const mayAccess = (actor: Actor, customerId: string) => actor.staff || actor.id === customerId;

export const initialOrder: Order = { status: 'none', version: 0 };

// ---------------------------------------------------------------------------------------------------------------
// decide

export function decide(cmd: OrderCommand, order: Order, ctx: DecideContext): OrderEvent[] {
  if (cmd.type === 'CreateOrder') return create(cmd.data, order, ctx);
  if (order.status === 'none') throw notFound(cmd.data.orderId);
  if (!mayAccess(ctx.actor, order.customerId)) throw forbidden(order.orderId);
  // What stock decided is said only by the reservations process; to anyone else these commands do not exist.
  if ((cmd.type === 'ConfirmOrder' || cmd.type === 'RejectOrder') && !ctx.actor.process) {
    throw new DomainError('forbidden', 'ProcessOnly', 'only the reservations process confirms or rejects an order');
  }
  // Shipping is the warehouse's word, not the customer's: to a customer the command does not exist.
  if (cmd.type === 'ShipOrder' && !ctx.actor.staff) {
    throw new DomainError('forbidden', 'StaffOnly', 'only staff ship an order');
  }
  switch (cmd.type) {
    case 'AddItem':
      return addItem(cmd.data, order, ctx);
    case 'RemoveItem':
      return removeItem(cmd.data, order);
    case 'ChangeQuantity':
      return changeQuantity(cmd.data, order, ctx);
    case 'SubmitOrder':
      return submit(order, ctx);
    case 'CancelOrder':
      return cancel(cmd.data, order);
    case 'ShipOrder':
      return ship(order);
    case 'ConfirmOrder':
      assertAwaitingStock(order);
      return [{ type: 'OrderConfirmed', data: { orderId: order.orderId } }];
    case 'RejectOrder':
      assertAwaitingStock(order);
      if (cmd.data.unavailable.length === 0) throw ruleViolation('NoLines', 'a rejection names the lines not reserved');
      return [{ type: 'OrderRejected', data: { orderId: order.orderId, unavailable: cmd.data.unavailable } }];
    default:
      return assertNever(cmd);
  }
}

/** Stock decides only for a submitted order (not a draft, not one already decided or cancelled). */
function assertAwaitingStock(order: ExistingOrder): void {
  if (order.status === 'cancelled') throw ruleViolation('AlreadyCancelled', 'the order is cancelled');
  if (order.status !== 'submitted') {
    throw ruleViolation('NotAwaitingStock', `the order is ${order.status}, not waiting for its stock`);
  }
}

type ExistingOrder = Exclude<Order, { status: 'none' }>;

function create(
  data: Extract<OrderCommand, { type: 'CreateOrder' }>['data'],
  order: Order,
  ctx: DecideContext,
): OrderEvent[] {
  if (order.status !== 'none') throw ruleViolation('OrderAlreadyExists', `order ${data.orderId} already exists`);
  if (data.items.length === 0) throw ruleViolation('NoLines', 'an order needs at least one item');
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
    throw ruleViolation('TooManyLines', `an order has at most ${MAX_LINES} lines (got ${lines.length})`);
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
    throw ruleViolation('TooManyLines', `an order has at most ${MAX_LINES} lines`);
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

function changeQuantity(
  data: { productId: string; quantity: number },
  order: ExistingOrder,
  ctx: DecideContext,
): OrderEvent[] {
  assertDraft(order);
  const line = lineOf(order, data.productId);
  checkQuantity(data.quantity);
  if (line.quantity === data.quantity) return []; // already so: nothing happened
  // A product retired since the line was added is not sold any more: its line may shrink or go, not grow.
  if (data.quantity > line.quantity && ctx.products.get(line.productId)?.active !== true) {
    throw ruleViolation('InactiveProduct', `${line.name} is no longer on sale: lower its quantity or remove it`);
  }
  return [
    {
      type: 'ItemQuantityChanged',
      data: { orderId: order.orderId, productId: data.productId, quantity: data.quantity },
    },
  ];
}

function submit(order: ExistingOrder, ctx: DecideContext): OrderEvent[] {
  if (order.status === 'shipped') throw ruleViolation('AlreadyShipped', 'the order has shipped');
  if (order.status === 'submitted' || order.status === 'confirmed') {
    throw ruleViolation('AlreadySubmitted', 'the order is already submitted');
  }
  if (order.status === 'rejected') throw ruleViolation('AlreadyRejected', 'the order was rejected: it is closed');
  if (order.status === 'cancelled') throw ruleViolation('AlreadyCancelled', 'a cancelled order cannot be submitted');
  if (order.lines.length === 0) throw ruleViolation('NoLines', 'an order needs at least one item to be submitted');
  // The catalog as it is now: a line whose product was retired (or is unknown) since it was added is not sold.
  const offSale = order.lines.filter((l) => ctx.products.get(l.productId)?.active !== true);
  if (offSale.length > 0) {
    const names = offSale.map((l) => l.name).join(', ');
    throw ruleViolation(
      'InactiveProduct',
      `${names} ${offSale.length === 1 ? 'is' : 'are'} no longer on sale: remove ${offSale.length === 1 ? 'it' : 'them'} to submit the order`,
    );
  }
  return [{ type: 'OrderSubmitted', data: { orderId: order.orderId } }];
}

function cancel(data: { reason: string }, order: ExistingOrder): OrderEvent[] {
  if (order.status === 'cancelled') throw ruleViolation('AlreadyCancelled', 'the order is already cancelled');
  if (order.status === 'rejected') throw ruleViolation('AlreadyRejected', 'the order was rejected: nothing to cancel');
  if (order.status === 'shipped')
    throw ruleViolation('AlreadyShipped', 'the order has shipped: it cannot be cancelled');
  // Shown to staff beside the order and its totals: one line of text, like a product name (an override character
  // would reorder what follows it; a control character breaks the line or hides in it).
  if (!isPlainLine(data.reason)) {
    throw ruleViolation(
      'ReasonNotPlain',
      'a cancel reason is one line of plain text (no control, direction or invisible characters)',
    );
  }
  return [{ type: 'OrderCancelled', data: { orderId: order.orderId, reason: data.reason } }];
}

/** Only a confirmed order ships: every line is held for it, and nothing has shipped yet. */
function ship(order: ExistingOrder): OrderEvent[] {
  if (order.status === 'shipped') throw ruleViolation('AlreadyShipped', 'the order has already shipped');
  if (order.status === 'cancelled') throw ruleViolation('AlreadyCancelled', 'the order is cancelled');
  if (order.status === 'rejected') throw ruleViolation('AlreadyRejected', 'the order was rejected: nothing to ship');
  if (order.status !== 'confirmed') {
    throw ruleViolation(
      'NotConfirmed',
      order.status === 'draft'
        ? 'the order is a draft: only a confirmed order ships'
        : 'the order is waiting for its stock: only a confirmed order ships',
    );
  }
  return [{ type: 'OrderShipped', data: { orderId: order.orderId } }];
}

function assertDraft(order: ExistingOrder): void {
  if (order.status !== 'draft') {
    throw ruleViolation('OrderNotDraft', `the order is ${order.status}: only a draft order can be changed`);
  }
}

function checkQuantity(quantity: number): void {
  if (!Number.isInteger(quantity) || quantity < MIN_QUANTITY || quantity > MAX_QUANTITY) {
    throw ruleViolation(
      'QuantityOutOfRange',
      `quantity must be a whole number from ${MIN_QUANTITY} to ${MAX_QUANTITY} (got ${quantity})`,
    );
  }
}

function mergedQuantity(line: Line, added: number): number {
  const merged = line.quantity + added;
  if (merged > MAX_QUANTITY) {
    throw ruleViolation(
      'QuantityOutOfRange',
      `${line.name} would have quantity ${merged}; a line holds at most ${MAX_QUANTITY}`,
    );
  }
  return merged;
}

function usableProduct(productId: string, ctx: DecideContext): Product {
  const product = ctx.products.get(productId);
  if (!product) throw ruleViolation('UnknownProduct', `unknown product "${productId}"`);
  if (!product.active) throw ruleViolation('InactiveProduct', `${product.name} is no longer on sale`);
  return product;
}

function lineOf(order: ExistingOrder, productId: string): Line {
  const line = order.lines.find((l) => l.productId === productId);
  if (!line) throw ruleViolation('ProductNotOnOrder', `product "${productId}" is not on this order`);
  return line;
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
    case 'OrderConfirmed':
      return { ...next, status: 'confirmed', submittedAt: submittedAtOf(order) ?? at, confirmedAt: at };
    case 'OrderShipped':
      return {
        ...next,
        status: 'shipped',
        submittedAt: submittedAtOf(order) ?? at,
        confirmedAt: order.status === 'confirmed' ? order.confirmedAt : at,
        shippedAt: at,
      };
    case 'OrderRejected':
      return {
        ...next,
        status: 'rejected',
        submittedAt: submittedAtOf(order) ?? at,
        rejectedAt: at,
        unavailable: event.data.unavailable.map((l) => ({ ...l })),
      };
    case 'OrderCancelled':
      return {
        ...next,
        status: 'cancelled',
        cancelledAt: at,
        reason: event.data.reason,
        submittedAt: submittedAtOf(order),
      };
    default:
      return assertNever(event);
  }
}

/** When the order was submitted; null for a draft. */
const submittedAtOf = (o: ExistingOrder): string | null => (o.status === 'draft' ? null : o.submittedAt);

function withLines<O extends ExistingOrder>(order: O, lines: Line[]): O {
  return { ...order, lines, totalCents: lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0) };
}

/** When an existing order was submitted and cancelled, and why: null where it has not happened. */
export function milestones(o: Exclude<Order, { status: 'none' }>) {
  return {
    submittedAt: submittedAtOf(o),
    cancelledAt: o.status === 'cancelled' ? o.cancelledAt : null,
    cancelReason: o.status === 'cancelled' ? o.reason : null,
  };
}

/** Version of the Order state's JSON shape (snapshots, the read model's folded state); bump it when `Order` changes. */
export const ORDER_STATE_SCHEMA_VERSION = 1;

/** The Order aggregate as a decider: what the generic command handler runs. */
export const orderDecider: Decider<OrderCommand, OrderEvent, Order, DecideContext> = {
  decide,
  evolve,
  initialState: initialOrder,
};

/** Folds recorded events into an order, from `from` (default: an order that does not exist). */
export const fold = (events: Iterable<StoredOrderEvent>, from: Order = initialOrder): Order =>
  domainFold(orderDecider, events, from);

/** How an order's stream is folded (loads, snapshots, temporal queries): `evolve` over upcast events. */
export const orderStreamFolder = {
  initialState: initialOrder,
  evolve,
  read: upcast,
  stateSchemaVersion: ORDER_STATE_SCHEMA_VERSION,
};
