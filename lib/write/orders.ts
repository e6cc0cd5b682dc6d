// The write side's data-access layer for orders: what pages, server actions and route handlers call to change an
// order. Each function takes the acting user and a typed input (parsed at the edge), runs the command through the
// generic handler, and returns its CommandResult; none of them throws for a refusal. Each spends one command of the
// actor's budget first, and throws TooManyCommandsError when it is spent.
import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain';
import type { OrderCommand } from '../orders/commands';
import { runtime } from '../runtime';
import { spendCommand } from './command-budget';
import type { CommandResult } from './handler';

export type { CommandResult } from './handler';

import { keyedUuid } from './ids';
import { handleOrderCommand } from './order-commands';

/**
 * A correlation id a client sent, as recorded: a customer's is scoped to them (prefixed with their user id), so no
 * one can attach events to another customer's correlation; staff's is taken as sent (they correlate across users).
 */
export const scopedCorrelationId = (actor: Actor, correlationId: string) =>
  actor.staff ? correlationId : `${actor.id}:${correlationId}`;

/** Where a command came from, recorded on its events. */
export interface RequestMeta {
  requestId?: string;
  /** Groups this command's events with others (defaults to a new id); a customer's is scoped to them. */
  correlationId?: string;
}

/** Every command input carries an id chosen by the caller: sent again, it returns the first result. */
interface Idempotent {
  commandId: string;
}
/** Optionally pinned to the version the caller saw: a conflict instead of acting on a changed order. */
interface Pinned extends Idempotent {
  expectedVersion?: number;
}

/** Spends one command of the actor's budget (throws TooManyCommandsError), then runs the command. */
async function send(
  actor: Actor,
  command: OrderCommand,
  input: Pinned,
  meta: RequestMeta = {},
): Promise<CommandResult> {
  const { orders, commandBudget } = runtime();
  await spendCommand(commandBudget, actor.id);
  return handleOrderCommand(orders, command, {
    commandId: input.commandId,
    actor,
    expectedVersion: input.expectedVersion,
    correlationId: meta.correlationId === undefined ? undefined : scopedCorrelationId(actor, meta.correlationId),
    metadata: meta.requestId ? { requestId: meta.requestId } : undefined,
  });
}

/**
 * A new order's id: derived from the actor and the commandId with the server's secret key, so that a create sent
 * twice (a re-posted form, a retried request) finds the same order instead of making a second one, while no one can
 * predict the id of someone else's order from their user id and a commandId.
 */
export const newOrderId = (actor: Actor, commandId: string) =>
  keyedUuid(runtime().orderIdKey, 'orderly-order', actor.id, commandId);

/** Creates an order of `items` (product ids and quantities; prices come from the catalog) owned by `actor`. */
export async function createOrder(
  actor: Actor,
  input: Idempotent & { items: { productId: string; quantity: number }[] },
  meta?: RequestMeta,
): Promise<CommandResult & { orderId: string }> {
  const orderId = newOrderId(actor, input.commandId);
  const result = await send(actor, { type: 'CreateOrder', data: { orderId, items: input.items } }, input, meta);
  return { ...result, orderId };
}

/** Adds `quantity` of a product (to its line when it is already on the order, at that line's price). */
export const addItem = (
  actor: Actor,
  input: Pinned & { orderId: string; productId: string; quantity: number },
  meta?: RequestMeta,
) => send(actor, { type: 'AddItem', data: pick(input, 'orderId', 'productId', 'quantity') }, input, meta);

/** Sets the quantity of a line. */
export const changeQuantity = (
  actor: Actor,
  input: Pinned & { orderId: string; productId: string; quantity: number },
  meta?: RequestMeta,
) => send(actor, { type: 'ChangeQuantity', data: pick(input, 'orderId', 'productId', 'quantity') }, input, meta);

/** Removes a line. */
export const removeItem = (actor: Actor, input: Pinned & { orderId: string; productId: string }, meta?: RequestMeta) =>
  send(actor, { type: 'RemoveItem', data: pick(input, 'orderId', 'productId') }, input, meta);

/** Submits a draft order. */
export const submitOrder = (actor: Actor, input: Pinned & { orderId: string }, meta?: RequestMeta) =>
  send(actor, { type: 'SubmitOrder', data: pick(input, 'orderId') }, input, meta);

/** Cancels an order, with a reason (may be empty). */
export const cancelOrder = (actor: Actor, input: Pinned & { orderId: string; reason: string }, meta?: RequestMeta) =>
  send(actor, { type: 'CancelOrder', data: pick(input, 'orderId', 'reason') }, input, meta);

/** Staff: a confirmed order is on its way; its reserved units leave the stock (the reservations process commits them). */
export const shipOrder = (actor: Actor, input: Pinned & { orderId: string }, meta?: RequestMeta) =>
  send(actor, { type: 'ShipOrder', data: pick(input, 'orderId') }, input, meta);

/** A fresh command id, for callers that have none (a JSON client that did not send one). */
export const freshCommandId = () => randomUUID();

function pick<T, K extends keyof T>(o: T, ...keys: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = o[k];
  return out;
}
