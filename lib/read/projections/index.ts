// Every projection, and how a batch is applied to several at once: folded once (order-state.ts), then handed to
// each projection in a savepoint of its own, so one that fails undoes only its own part and stops alone.
import type { AppDb } from '../../../db/client';
import { isProductStream, productIdOfStream } from '../../catalog/events';
import type { RecordedEvent } from '../../eventstore/types';
import { isStockStream, productIdOfStockStream } from '../../inventory/events';
import type { OrderChange, ProductsChanged } from '../notifier';
import { activityProjection } from './activity/projection';
import { catalogProjection } from './catalog/projection';
import { ORDER_STATE, orderStateFolder } from './order-state/fold';
import { ordersProjection } from './orders/projection';
import { stockProjection } from './stock/projection';

/** The products of the batch's events on streams that `is` picks, once each. */
const productsOf = (events: readonly RecordedEvent[], is: (streamId: string) => boolean, id: (s: string) => string) => [
  ...new Set(events.filter((e) => is(e.streamId)).map((e) => id(e.streamId))),
];

import { type Projection, ProjectionError, type ProjectionName } from './projection';

export { ORDER_STATE } from './order-state/fold';
export type { AppliedEvent, Projection, ProjectionName, ProjectionWriter } from './projection';
export { ProjectionError } from './projection';

export const PROJECTIONS: readonly Projection[] = [
  ordersProjection,
  activityProjection,
  catalogProjection,
  stockProjection,
];

/** The projection called `name`; throws naming the ones that exist. */
export function projectionNamed(name: string): Projection {
  const p = PROJECTIONS.find((x) => x.name === name);
  if (!p) throw new Error(`no projection named "${name}" (there are: ${PROJECTIONS.map((x) => x.name).join(', ')})`);
  return p;
}

/** The tables a rebuild of these projections replaces: theirs, and the folded state they share. */
export const tablesOf = (projections: readonly Projection[]) => [ORDER_STATE, ...projections.flatMap((p) => p.tables)];

/** An order the batch changed, as the read model now shows it. */
export type ChangedOrder = Omit<OrderChange, 'customerSeq' | 'position'>;

export interface BatchOutcome {
  /** The orders the batch changed, as the read model now shows them (when an announcing projection took it). */
  changes: ChangedOrder[];
  /** Projections that failed on this batch: their part was undone. */
  failed: Map<ProjectionName, ProjectionError>;
  /** Products whose stock or catalog entry the batch changed (as far as the stock and catalog projections took it). */
  products: ProductsChanged;
}

/**
 * Opens `projections` over the tables named with `suffix`, statements prepared once. `apply` must run inside a
 * transaction: it folds the batch once, hands it to each projection named in `active` inside a savepoint, and saves
 * the folded states. Throws a ProjectionError (of "order_state") when an event cannot be read at all.
 */
export function openProjections(db: AppDb, projections: readonly Projection[], suffix = '') {
  const state = orderStateFolder(db, suffix);
  const writers = projections.map((p) => ({ p, w: p.open(db, suffix) }));
  return {
    apply(events: RecordedEvent[], active: ReadonlySet<ProjectionName> = new Set(projections.map((p) => p.name))) {
      const batch = state.fold(events);
      const failed = new Map<ProjectionName, ProjectionError>();
      let announced = false;
      for (const { p, w } of writers) {
        if (!active.has(p.name)) continue;
        let current: RecordedEvent | undefined;
        try {
          db.$client.transaction(() => {
            if (w.onRecorded) {
              for (const raw of events) {
                current = raw;
                w.onRecorded(raw);
              }
            }
            for (const e of batch.applied) {
              current = e.raw;
              w.onEvent?.(e);
            }
            for (const [orderId, { before, after, last }] of batch.orders) {
              current = last;
              w.onOrder?.(orderId, before, after);
            }
            current = batch.applied.at(-1)?.raw;
            w.onBatchEnd?.();
          })();
          announced ||= p.announces;
        } catch (error) {
          failed.set(p.name, new ProjectionError(p.name, current ?? events[events.length - 1]!, error));
        }
      }
      state.save(batch);
      const changes: ChangedOrder[] = [];
      if (announced) {
        for (const [orderId, { after, last }] of batch.orders) {
          if (after.status !== 'none') {
            const { traceparent } = last.metadata;
            changes.push({
              orderId,
              customerId: after.customerId,
              version: after.version,
              status: after.status,
              ...(typeof traceparent === 'string' ? { trace: { traceparent } } : {}),
            });
          }
        }
      }
      const took = (name: ProjectionName) => active.has(name) && !failed.has(name);
      const products = {
        stock: took('stock') ? productsOf(events, isStockStream, productIdOfStockStream) : [],
        catalog: took('catalog') ? productsOf(events, isProductStream, productIdOfStream) : [],
      };
      return { changes, failed, products } satisfies BatchOutcome;
    },
  };
}
