// An order with a long history, for the long-history test and bench:history: created over the API, then written
// by the real command handler in this process straight into the server's store (faster than any client could, and
// past the command budget), until the server's read model shows it all.
import { openRedisStore } from '../eventstore/redis';
import { testRedisUrl } from '../eventstore/testing';
import { handleOrderCommand } from '../write/order-commands';
import { ProductCatalog } from '../write/product-commands';
import type { AppServer, Client } from './app-server';

/** The mug line's quantity after the event at version v: 1 at creation, then 1 + (v % 900). */
export const quantityAt = (v: number) => (v === 1 ? 1 : 1 + (v % 900));

/**
 * Creates an order for `owner` (signed in on `app`) and changes its quantity until it has `events` events. Returns
 * its id once the read model shows the last version. Throws if a command is refused.
 */
export async function writeLongOrder(app: AppServer, owner: Client, events: number): Promise<string> {
  const created = await owner.call('POST', '/api/orders?consistency=strong', {
    items: [{ productId: 'mug', quantity: 1 }],
  });
  const orderId = (created.json as unknown as { id: string }).id;
  const [first] = (await owner.call('GET', `/api/orders/${orderId}/events`)).json as {
    metadata: { actor: string; actorName: string };
  }[];
  const actor = { id: first!.metadata.actor, name: first!.metadata.actorName, staff: false };
  const store = await openRedisStore({ redisUrl: testRedisUrl(), namespace: app.namespace });
  try {
    const catalog = new ProductCatalog(store);
    const deps = { store, products: (ids: string[]) => catalog.find(ids), snapshotEvery: 50 };
    for (let v = 2; v <= events; v++) {
      const r = await handleOrderCommand(
        deps,
        { type: 'ChangeQuantity', data: { orderId, productId: 'mug', quantity: quantityAt(v) } },
        { commandId: `q-${v}`, actor },
      );
      if (!r.ok || r.version !== v) throw new Error(`command ${v}: ${JSON.stringify(r)}`);
    }
  } finally {
    await store.close();
  }
  for (;;) {
    const r = await owner.call('GET', `/api/orders/${orderId}`);
    if (r.status === 200 && (r.json.summary as { version: number }).version === events) return orderId;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
