// The Order aggregate on the generic handler: its decider, its streams, how its events are read and written, and
// the catalog lookup its decisions need.
import type { Actor } from '../domain';
import type { OrderCommand } from '../orders/commands';
import { productIdsOf } from '../orders/commands';
import { EVENT_SCHEMA_VERSIONS, type OrderEvent, orderStream } from '../orders/events';
import { type DecideContext, type Order, orderDecider, orderStreamFolder, type Product } from '../orders/order';
import { type Aggregate, type CommandMeta, type CommandResult, type HandlerDeps, handleCommand } from './handler';

/** The catalog entries for these product ids, as they are now (unknown ids are absent). */
export type ProductLookup = (ids: string[]) => Map<string, Product> | Promise<Map<string, Product>>;

export interface OrderWriteDeps extends HandlerDeps {
  products: ProductLookup;
}

export type OrderAggregate = Aggregate<OrderCommand, OrderEvent, Order, DecideContext>;

/** The Order aggregate, deciding with the catalog as `products` reads it. */
export const orderAggregate = (products: ProductLookup): OrderAggregate => ({
  decider: orderDecider,
  streamOf: (command) => orderStream(command.data.orderId),
  read: orderStreamFolder.read,
  eventSchemaVersion: (event) => EVENT_SCHEMA_VERSIONS[event.type],
  stateSchemaVersion: orderStreamFolder.stateSchemaVersion,
  // A submit looks up the draft's own lines: a product retired since it was added stops the order there.
  context: async (command, actor: Actor, state) => ({
    actor,
    products: await products(
      command.type === 'SubmitOrder' && state.status !== 'none'
        ? state.lines.map((l) => l.productId)
        : productIdsOf(command),
    ),
  }),
});

/** Handles an order command (see handleCommand): the new version, or a refusal. Throws only on store failures. */
export const handleOrderCommand = (
  deps: OrderWriteDeps,
  command: OrderCommand,
  meta: CommandMeta,
): Promise<CommandResult> => handleCommand(deps, orderAggregate(deps.products), command, meta);
