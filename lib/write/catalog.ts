// The write side's data-access layer for the catalog (staff only: the Product decider refuses anyone else, which the
// edges answer like a product that does not exist). Each function returns the command's result; none throws for
// a refusal.
import 'server-only';
import type { Actor } from '../domain';
import { runtime } from '../runtime';
import { spendCommand } from './command-budget';
import type { CommandResult } from './handler';
import type { RequestMeta } from './orders';
import { handleProductCommand } from './product-commands';

const metaOf = (
  actor: Actor & { name?: string },
  commandId: string,
  expectedVersion?: number,
  meta: RequestMeta = {},
) => ({
  commandId,
  actor,
  expectedVersion,
  correlationId: meta.correlationId,
  metadata: meta.requestId ? { requestId: meta.requestId } : undefined,
});

/** Lists a new product (its id must be new) at a price in cents. */
export async function listProduct(
  actor: Actor & { name?: string },
  input: { productId: string; name: string; priceCents: number; commandId: string },
  meta?: RequestMeta,
): Promise<CommandResult> {
  const { productId, name, priceCents } = input;
  await spendCommand(runtime().commandBudget, actor.id);
  return handleProductCommand(
    runtime().products,
    { type: 'ListProduct', data: { productId, name, priceCents } },
    metaOf(actor, input.commandId, undefined, meta),
  );
}

/** Changes any of a product's name, price (cents) and whether it is on sale; what is already so changes nothing. */
export async function updateProduct(
  actor: Actor & { name?: string },
  input: {
    productId: string;
    name?: string;
    priceCents?: number;
    active?: boolean;
    commandId: string;
    expectedVersion?: number;
  },
  meta?: RequestMeta,
): Promise<CommandResult> {
  const { productId, name, priceCents, active } = input;
  await spendCommand(runtime().commandBudget, actor.id);
  return handleProductCommand(
    runtime().products,
    { type: 'UpdateProduct', data: { productId, name, priceCents, active } },
    metaOf(actor, input.commandId, input.expectedVersion, meta),
  );
}
