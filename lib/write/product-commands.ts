// The Product aggregate on the generic handler, and the catalog lookup order commands decide with: each product's
// state as of its own stream (never a read model that may lag), kept in a cache that is checked against the stream
// on every lookup, so a price change acknowledged on any node is used by every later command on every node.

import {
  PRODUCT_EVENT_SCHEMA_VERSIONS,
  type ProductEvent,
  ProductId,
  productStream,
  readProductEvent,
} from '../catalog/events';
import {
  type ProductCommand,
  type ProductContext,
  type ProductState,
  productDecider,
  productStreamFolder,
} from '../catalog/product';
import type { Actor } from '../domain';
import { aggregateStream } from '../eventstore/aggregate-stream';
import type { EventStore } from '../eventstore/types';
import type { Product } from '../orders/order';
import { type Aggregate, type CommandMeta, type CommandResult, type HandlerDeps, handleCommand } from './handler';

export const productAggregate: Aggregate<ProductCommand, ProductEvent, ProductState, ProductContext> = {
  decider: productDecider,
  streamOf: (command) => productStream(command.data.productId),
  read: readProductEvent,
  eventSchemaVersion: (event) => PRODUCT_EVENT_SCHEMA_VERSIONS[event.type],
  stateSchemaVersion: productStreamFolder.stateSchemaVersion,
  context: (_command, actor: Actor) => ({ actor }),
};

/** Handles a product command (see handleCommand): the new version, or a refusal. Throws only on store failures. */
export const handleProductCommand = (
  deps: HandlerDeps,
  command: ProductCommand,
  meta: CommandMeta,
): Promise<CommandResult> => handleCommand(deps, productAggregate, command, meta);

/** A product's state as the order decider sees it: null when it was never listed. */
export const toCatalogEntry = (s: ProductState): Product | null =>
  s.status === 'none'
    ? null
    : { id: s.productId, name: s.name, priceCents: s.priceCents, active: s.status === 'on_sale' };

/**
 * Catalog entries for order commands, from the products' own streams. Each lookup reads only what was appended to a
 * product's stream since the cached state (one read per product, usually empty), so it is exact and cheap.
 */
export class ProductCatalog {
  private readonly cache = new Map<string, { version: number; state: ProductState }>();

  constructor(
    private readonly store: EventStore,
    /** Most products kept in the cache (the oldest entries leave first). */
    private readonly maxCached = 10_000,
  ) {}

  /**
   * The entries for these ids as their streams have them now; ids never listed are absent, and so is any string
   * that cannot be a product id (a control character, 200 characters…): it is not looked up, since its stream name
   * would be refused by the store.
   */
  async find(ids: readonly string[]): Promise<Map<string, Product>> {
    const found = new Map<string, Product>();
    await Promise.all(
      [...new Set(ids)]
        .filter((id) => ProductId.safeParse(id).success)
        .map(async (id) => {
          const entry = toCatalogEntry(await this.state(id));
          if (entry) found.set(id, entry);
        }),
    );
    return found;
  }

  private async state(productId: string): Promise<ProductState> {
    const cached = this.cache.get(productId);
    const folded = await aggregateStream(this.store, productStream(productId), productStreamFolder, { from: cached });
    if (folded.version > 0) {
      this.cache.delete(productId);
      this.cache.set(productId, { version: folded.version, state: folded.state });
      if (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value!);
    }
    return folded.state;
  }
}
