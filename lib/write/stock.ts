// The write side's data-access layer for stock (Inventory): staff receive units and correct the count. A product
// that is not in the catalog has no stock to keep (not found). Reservations are the process manager's, never a
// person's. Each function returns the command's result; none throws for a refusal.
import 'server-only';
import type { Actor } from '../domain';
import { runtime } from '../runtime';
import { spendCommand } from './command-budget';
import type { CommandResult } from './handler';
import type { RequestMeta } from './orders';
import { handleStockCommand } from './stock-commands';

const notFound = (productId: string): CommandResult => ({
  ok: false,
  kind: 'not_found',
  code: 'ProductNotFound',
  message: `product "${productId}" does not exist`,
});

async function send(
  actor: Actor & { name?: string },
  productId: string,
  command: Parameters<typeof handleStockCommand>[1],
  input: { commandId: string; expectedVersion?: number },
  meta: RequestMeta = {},
): Promise<CommandResult> {
  const { orders, stock, commandBudget } = runtime();
  await spendCommand(commandBudget, actor.id);
  // Visibility first: a customer learns nothing, not even whether the product exists.
  if (!actor.staff) return { ok: false, kind: 'forbidden', code: 'StaffOnly', message: 'only staff keep stock' };
  if (!(await orders.products([productId])).has(productId)) return notFound(productId);
  return handleStockCommand(stock, command, {
    commandId: input.commandId,
    actor,
    expectedVersion: input.expectedVersion,
    correlationId: meta.correlationId,
    metadata: meta.requestId ? { requestId: meta.requestId } : undefined,
  });
}

/** Records `quantity` units of a product received (a whole number, 1 to 1,000,000). Staff only. */
export const receiveStock = (
  actor: Actor & { name?: string },
  input: { productId: string; quantity: number; commandId: string; expectedVersion?: number },
  meta?: RequestMeta,
) =>
  send(
    actor,
    input.productId,
    { type: 'ReceiveStock', data: { productId: input.productId, quantity: input.quantity } },
    input,
    meta,
  );

/**
 * Corrects a product's count by `quantity` (signed: −2 for two broken) with a reason; never below what is held for
 * orders. Staff only.
 */
export const adjustStock = (
  actor: Actor & { name?: string },
  input: { productId: string; quantity: number; reason: string; commandId: string; expectedVersion?: number },
  meta?: RequestMeta,
) =>
  send(
    actor,
    input.productId,
    { type: 'AdjustStock', data: { productId: input.productId, quantity: input.quantity, reason: input.reason } },
    input,
    meta,
  );
