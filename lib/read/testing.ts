// Test helpers for the read side: a projector over a real store and database, a way to wait until it has caught
// up, table dumps for comparing read models, and a random but valid workload.
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { type AppDb, openAppDb } from '../../db/client';
import type { Actor } from '../domain';
import type { EventStore, NewEvent } from '../eventstore/types';
import type { OrderCommand } from '../orders/commands';
import { handleOrderCommand, type OrderWriteDeps } from '../write/order-commands';
import { listedCatalog } from '../write/testing';
import type { Notifier } from './notifier';
import { PROJECTIONS, type Projection, tablesOf } from './projections';
import { Projector } from './projector';
import { rebuildProjections } from './rebuild';

export const silentLog = pino({ level: process.env.TEST_LOG ?? 'silent' });

export function startProjector(
  db: AppDb,
  store: EventStore,
  extra: {
    notifier?: Notifier;
    projections?: readonly Projection[];
    owner?: string;
    leaseTtlMs?: number;
    maxBatch?: number;
  } = {},
): Projector {
  const projector = new Projector({ db, store, log: silentLog, leaseTtlMs: 2000, ...extra });
  projector.start();
  return projector;
}

export { waitUntilCaughtUp as settled } from './status';

/** Every row of the tables, in a stable order: equal dumps mean byte-identical contents. */
export function dumpTables(db: AppDb, tables: readonly string[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const cols = db.$client
      .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
      .all()
      .map((c) => c.name);
    out[table] = db.$client.prepare(`SELECT * FROM ${table} ORDER BY ${cols.join(', ')}`).all();
  }
  return out;
}

/** Every table of the read model: the projections' and the folded order state they share. */
export const READ_MODEL_TABLES = tablesOf(PROJECTIONS);

/** A small deterministic random generator, so a failing workload can be replayed. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Sends `commands` random commands (some refused by the rules, as in life) over `orders` orders of two customers. */
export async function randomWorkload(store: EventStore, options: { orders: number; commands: number; seed?: number }) {
  const random = rng(options.seed ?? 42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const deps: OrderWriteDeps = { store, products: await listedCatalog(store), snapshotEvery: 10 };
  const customers: Actor[] = [
    { id: 'ann', staff: false },
    { id: 'bob', staff: false },
  ];
  const products = ['espresso-beans', 'filter-papers', 'mug', 'oat-milk', 'biscotti', 'kettle'];
  const orders = Array.from({ length: options.orders }, () => ({ id: randomUUID(), owner: pick(customers) }));
  const send = (actor: Actor, command: OrderCommand) =>
    handleOrderCommand(deps, command, { commandId: randomUUID(), actor });
  for (const o of orders) {
    await send(o.owner, {
      type: 'CreateOrder',
      data: { orderId: o.id, items: [{ productId: pick(products), quantity: 1 + Math.floor(random() * 3) }] },
    });
  }
  for (let i = 0; i < options.commands; i++) {
    const o = pick(orders);
    const orderId = o.id;
    const r = random();
    const command: OrderCommand =
      r < 0.45
        ? { type: 'AddItem', data: { orderId, productId: pick(products), quantity: 1 + Math.floor(random() * 4) } }
        : r < 0.65
          ? {
              type: 'ChangeQuantity',
              data: { orderId, productId: pick(products), quantity: 1 + Math.floor(random() * 9) },
            }
          : r < 0.8
            ? { type: 'RemoveItem', data: { orderId, productId: pick(products) } }
            : r < 0.92
              ? { type: 'SubmitOrder', data: { orderId } }
              : { type: 'CancelOrder', data: { orderId, reason: pick(['', 'too dear', 'found it elsewhere']) } };
    await send(o.owner, command);
  }
  return orders;
}

/** The read model a clean rebuild from the whole log gives, as a dump: what any live read model must equal. */
export async function cleanRebuildDump(store: EventStore): Promise<Record<string, unknown[]>> {
  const clean = openAppDb(':memory:');
  try {
    await rebuildProjections(clean, store, PROJECTIONS);
    return dumpTables(clean, READ_MODEL_TABLES);
  } finally {
    clean.$client.close();
  }
}

/**
 * A valid order history to write straight into a store (no command handling): created, 17 lines added or changed,
 * submitted, and now and then cancelled. Used where volume matters more than realism of the commands.
 */
export function orderHistory(orderId: string, customerId: string, random: () => number): NewEvent[] {
  const meta = { schemaVersion: 1, actor: customerId, commandId: randomUUID(), correlationId: randomUUID() };
  const names = ['Espresso beans, 1 kg', 'Filter papers (100)', 'Stoneware mug', 'Oat milk, 1 l', 'Biscotti'];
  const events: NewEvent[] = [
    {
      type: 'OrderCreated',
      data: { orderId, customerId, lines: [{ productId: 'p0', name: names[0]!, quantity: 1, unitPriceCents: 2400 }] },
      metadata: meta,
    },
  ];
  for (let i = 0; i < 17; i++) {
    const p = Math.floor(random() * names.length);
    events.push(
      random() < 0.7
        ? {
            type: 'ItemAdded',
            data: {
              orderId,
              productId: `p${p}`,
              name: names[p]!,
              quantity: 1 + (i % 3),
              unitPriceCents: 350 * (p + 1),
            },
            metadata: meta,
          }
        : { type: 'ItemQuantityChanged', data: { orderId, productId: 'p0', quantity: 1 + (i % 5) }, metadata: meta },
    );
  }
  events.push({ type: 'OrderSubmitted', data: { orderId }, metadata: meta });
  if (random() < 0.3)
    events.push({ type: 'OrderCancelled', data: { orderId, reason: 'changed my mind' }, metadata: meta });
  return events;
}
