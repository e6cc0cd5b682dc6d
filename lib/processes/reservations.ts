// The reservations process manager's decisions, pure: what it sends when an order event arrives, and what it sends
// once the stock has answered. It joins Ordering and Inventory through events only: an order submitted asks each
// line's stock for a reservation; when every line is held the order is confirmed, otherwise the lines held are
// released and the order is rejected naming the lines that were not (all or nothing); an order cancelled releases
// what was held for it; an order shipped commits it (the units leave the stock). Every command has an id derived
// from the event that caused it and the step, so sending them again (after a crash, a redelivery, a second
// instance) changes nothing: the effect happens exactly once.
import type { Actor } from '../domain';
import type { StockCommand } from '../inventory/stock';
import type { OrderCommand } from '../orders/commands';
import type { Line, UnavailableLine } from '../orders/events';
import { nameBasedUuid } from '../write/ids';

/** Who the process acts as: not a person (no session makes this actor); it may see every order. */
export const RESERVATIONS: Actor & { name: string } = {
  id: 'process:reservations',
  name: 'stock reservations',
  staff: true,
  process: true,
};

/** A command the process sends, to one of the two contexts, with the id that makes it exactly-once. */
export type ProcessCommand =
  | { context: 'inventory'; commandId: string; command: StockCommand }
  | { context: 'ordering'; commandId: string; command: OrderCommand };

/** The order event that triggers the process, with the order's lines as they were then. */
export interface Trigger {
  /** The triggering event's id: every command's id derives from it. */
  eventId: string;
  type: 'OrderSubmitted' | 'OrderCancelled' | 'OrderShipped';
  orderId: string;
  lines: readonly Line[];
}

/** What the stock stream recorded for one line's reservation. */
export type LineOutcome =
  | { productId: string; reserved: true }
  | { productId: string; reserved: false; requested: number; available: number };

/** The id of the process's command for `step` of the trigger (and the product, for per-line steps). */
export const processCommandId = (trigger: Pick<Trigger, 'eventId'>, step: string, productId = '') =>
  nameBasedUuid('orderly-process', RESERVATIONS.id, trigger.eventId, step, productId);

const reserve = (t: Trigger, l: Line): ProcessCommand => ({
  context: 'inventory',
  commandId: processCommandId(t, 'reserve', l.productId),
  command: { type: 'ReserveStock', data: { productId: l.productId, orderId: t.orderId, quantity: l.quantity } },
});

const release = (t: Trigger, step: string, productId: string): ProcessCommand => ({
  context: 'inventory',
  commandId: processCommandId(t, step, productId),
  command: { type: 'ReleaseReservation', data: { productId, orderId: t.orderId } },
});

const commit = (t: Trigger, productId: string): ProcessCommand => ({
  context: 'inventory',
  commandId: processCommandId(t, 'commit', productId),
  command: { type: 'CommitReservation', data: { productId, orderId: t.orderId } },
});

/**
 * When an order event arrives: an order submitted reserves every line; one cancelled releases every line; one
 * shipped commits every line (a line held for nothing, as an order confirmed before stock was kept, commits nothing).
 */
export function onOrderEvent(t: Trigger): ProcessCommand[] {
  switch (t.type) {
    case 'OrderSubmitted':
      return t.lines.map((l) => reserve(t, l));
    case 'OrderShipped':
      return t.lines.map((l) => commit(t, l.productId));
    case 'OrderCancelled':
      return t.lines.map((l) => release(t, 'release-cancelled', l.productId));
  }
}

/**
 * Once every line of a submitted order has its outcome: all held confirms the order; otherwise the lines held are
 * released (first) and the order is rejected with the lines that were not (their name, how many were asked for and
 * how many were available then). Throws when an outcome is missing: the process must not decide on half an answer.
 */
export function onReservations(t: Trigger, outcomes: readonly LineOutcome[]): ProcessCommand[] {
  const byProduct = new Map(outcomes.map((o) => [o.productId, o]));
  const missing = t.lines.filter((l) => !byProduct.has(l.productId));
  if (missing.length > 0) {
    throw new Error(`no reservation outcome yet for ${missing.map((l) => l.productId).join(', ')} of ${t.orderId}`);
  }
  const unavailable: UnavailableLine[] = t.lines.flatMap((l) => {
    const o = byProduct.get(l.productId)!;
    return o.reserved ? [] : [{ productId: l.productId, name: l.name, requested: o.requested, available: o.available }];
  });
  if (unavailable.length === 0) {
    return [
      {
        context: 'ordering',
        commandId: processCommandId(t, 'confirm'),
        command: { type: 'ConfirmOrder', data: { orderId: t.orderId } },
      },
    ];
  }
  return [
    ...t.lines
      .filter((l) => byProduct.get(l.productId)!.reserved)
      .map((l) => release(t, 'release-rejected', l.productId)),
    {
      context: 'ordering',
      commandId: processCommandId(t, 'reject'),
      command: { type: 'RejectOrder', data: { orderId: t.orderId, unavailable } },
    },
  ];
}

/**
 * The order could not be confirmed because it was cancelled while its stock was being reserved: what was held for
 * it is released (the later OrderCancelled finds nothing left to release).
 */
export const onConfirmRefused = (t: Trigger): ProcessCommand[] =>
  t.lines.map((l) => release(t, 'release-unconfirmed', l.productId));

/**
 * An order event written before the process existed on this store (before stock was kept): a submit was accepted
 * under the rules of its time, so it is confirmed as it is, holding nothing; a cancel had nothing held to release.
 */
export const onUnstockedOrderEvent = (t: Trigger): ProcessCommand[] =>
  t.type === 'OrderSubmitted'
    ? [
        {
          context: 'ordering',
          commandId: processCommandId(t, 'confirm-unstocked'),
          command: { type: 'ConfirmOrder', data: { orderId: t.orderId } },
        },
      ]
    : [];
