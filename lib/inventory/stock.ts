// The Stock aggregate: one product's units on hand and the reservations held against them, as a decider.
// available = on hand − reserved, and it never goes below zero: a reservation asks for at most what is available
// (otherwise its refusal is recorded), and a correction may not take away units that are held. Staff receive and
// correct stock; only the reservations process manager reserves, releases and commits, at most once per order.
import { type Actor, assertNever, type Decider, DomainError, fold as domainFold, isPlainLine } from '../domain';
import { readStockEvent, type StockEvent, type StoredStockEvent } from './events';

/** The most units one command may receive or correct at once. */
export const MAX_STOCK_QUANTITY = 1_000_000;
export const MAX_REASON_LENGTH = 200;

export type StockCommand =
  | { type: 'ReceiveStock'; data: { productId: string; quantity: number } }
  /** `quantity` is the signed change: −2 for two units broken, +1 for one found. */
  | { type: 'AdjustStock'; data: { productId: string; quantity: number; reason: string } }
  | { type: 'ReserveStock'; data: { productId: string; orderId: string; quantity: number } }
  | { type: 'ReleaseReservation'; data: { productId: string; orderId: string } }
  | { type: 'CommitReservation'; data: { productId: string; orderId: string } };

export type StockRuleCode = 'QuantityOutOfRange' | 'ReasonRequired' | 'BelowReserved';

export interface StockState {
  /** Units counted in and not yet committed to an order (held ones included). */
  onHand: number;
  /** Units held by open reservations. */
  reserved: number;
  /** Open reservations: order id → units held. */
  reservations: Record<string, number>;
  /** Orders whose reservation was refused, released or committed: none is made again. */
  closed: Record<string, 'refused' | 'released' | 'committed'>;
  /** Events folded: the stream version this state reflects. */
  version: number;
}

export const initialStock: StockState = { onHand: 0, reserved: 0, reservations: {}, closed: {}, version: 0 };

/** Units that may still be reserved. */
export const available = (s: StockState) => s.onHand - s.reserved;

/** What decide may know besides the state: who asks. */
export interface StockContext {
  actor: Actor;
}

const rule = (code: StockRuleCode, message: string) => new DomainError('rule', code, message);

function checkQuantity(q: number, { signed = false } = {}): number {
  const ok = Number.isInteger(q) && (signed ? q !== 0 : q >= 1) && Math.abs(q) <= MAX_STOCK_QUANTITY;
  if (!ok) {
    const range = signed
      ? `a whole number from −${MAX_STOCK_QUANTITY} to ${MAX_STOCK_QUANTITY}, not 0`
      : `a whole number from 1 to ${MAX_STOCK_QUANTITY}`;
    throw rule('QuantityOutOfRange', `a quantity of stock is ${range} (got ${q})`);
  }
  return q;
}

export function decide(cmd: StockCommand, state: StockState, ctx: StockContext): StockEvent[] {
  const { productId } = cmd.data;
  const byProcess = ctx.actor.process === true;
  switch (cmd.type) {
    case 'ReceiveStock': {
      if (!ctx.actor.staff) throw new DomainError('forbidden', 'StaffOnly', 'only staff receive stock');
      return [{ type: 'StockReceived', data: { productId, quantity: checkQuantity(cmd.data.quantity) } }];
    }
    case 'AdjustStock': {
      if (!ctx.actor.staff) throw new DomainError('forbidden', 'StaffOnly', 'only staff correct stock');
      const quantity = checkQuantity(cmd.data.quantity, { signed: true });
      const reason = cmd.data.reason.trim();
      if (reason.length < 1 || reason.length > MAX_REASON_LENGTH || !isPlainLine(reason)) {
        throw rule('ReasonRequired', `a correction says why, in one line of 1 to ${MAX_REASON_LENGTH} characters`);
      }
      if (state.onHand + quantity < state.reserved) {
        throw rule(
          'BelowReserved',
          state.reserved === 0
            ? `${state.onHand} on hand: a correction of ${quantity} would leave fewer than none`
            : `only ${available(state)} of ${state.onHand} on hand are not held for orders: a correction of ${quantity} would take held units`,
        );
      }
      return [{ type: 'StockAdjusted', data: { productId, quantity, reason } }];
    }
    case 'ReserveStock':
    case 'ReleaseReservation':
    case 'CommitReservation': {
      if (!byProcess) throw new DomainError('forbidden', 'ProcessOnly', 'reservations are made by the order process');
      const { orderId } = cmd.data;
      const held = state.reservations[orderId];
      if (cmd.type === 'ReserveStock') {
        // At most once per order: a reservation held, or one refused, released or committed, is not made again.
        if (held !== undefined || state.closed[orderId] !== undefined) return [];
        const quantity = checkQuantity(cmd.data.quantity);
        const free = available(state);
        if (quantity > free) {
          return [{ type: 'ReservationRefused', data: { productId, orderId, quantity, available: free } }];
        }
        return [{ type: 'StockReserved', data: { productId, orderId, quantity } }];
      }
      if (held === undefined) return []; // nothing held for this order: nothing to release or commit
      const type = cmd.type === 'ReleaseReservation' ? 'ReservationReleased' : 'ReservationCommitted';
      return [{ type, data: { productId, orderId, quantity: held } }];
    }
    default:
      return assertNever(cmd);
  }
}

export function evolve(state: StockState, event: StoredStockEvent): StockState {
  const next = { ...state, version: event.version };
  switch (event.type) {
    case 'StockReceived':
    case 'StockAdjusted':
      return { ...next, onHand: state.onHand + event.data.quantity };
    case 'StockReserved':
      return {
        ...next,
        reserved: state.reserved + event.data.quantity,
        reservations: { ...state.reservations, [event.data.orderId]: event.data.quantity },
      };
    case 'ReservationRefused':
      return { ...next, closed: { ...state.closed, [event.data.orderId]: 'refused' } };
    case 'ReservationReleased':
    case 'ReservationCommitted': {
      const { [event.data.orderId]: held = 0, ...open } = state.reservations;
      const committed = event.type === 'ReservationCommitted';
      return {
        ...next,
        onHand: committed ? state.onHand - held : state.onHand,
        reserved: state.reserved - held,
        reservations: open,
        closed: { ...state.closed, [event.data.orderId]: committed ? 'committed' : 'released' },
      };
    }
    default:
      return assertNever(event);
  }
}

/** Version of the StockState JSON shape (snapshots); bump it when the state changes shape. */
export const STOCK_STATE_SCHEMA_VERSION = 1;

export const stockDecider: Decider<StockCommand, StockEvent, StockState, StockContext> = {
  decide,
  evolve,
  initialState: initialStock,
};

/** How a stock stream is folded: `evolve` over events read into their current shape. */
export const stockStreamFolder = {
  initialState: initialStock,
  evolve,
  read: readStockEvent,
  stateSchemaVersion: STOCK_STATE_SCHEMA_VERSION,
};

export const foldStock = (events: Iterable<StoredStockEvent>, from: StockState = initialStock) =>
  domainFold(stockDecider, events, from);
