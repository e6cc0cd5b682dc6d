// What a projection is: a name, the tables it owns, and a writer that turns a batch of events into rows inside the
// caller's transaction. The folded Order state before and after each event is computed once per batch, for every
// projection (see order-state.ts), so a row is computed with the domain's own `evolve` and the read model cannot
// disagree with the aggregate.
import type { AppDb } from '../../../db/client';
import type { RecordedEvent } from '../../eventstore/types';
import type { StoredOrderEvent } from '../../orders/events';
import type { Order } from '../../orders/order';

export type ProjectionName = 'orders' | 'activity' | 'catalog' | 'stock';

/** One event of a batch: as stored, as the domain reads it, and the order's state just before and after it. */
export interface AppliedEvent {
  raw: RecordedEvent;
  event: StoredOrderEvent;
  before: Order;
  after: Order;
}

/** Called inside the batch's transaction; a throw undoes this projection's part of the batch and stops it. */
export interface ProjectionWriter {
  /** Each event of the batch, of any stream, as stored, in log order. */
  onRecorded?(raw: RecordedEvent): void;
  /** Each order event of the batch, in log order. */
  onEvent?(e: AppliedEvent): void;
  /** Each order the batch changed, once, with its state before the batch and after it. */
  onOrder?(orderId: string, before: Order, after: Order): void;
  /** After the batch's events and orders. */
  onBatchEnd?(): void;
}

export interface Projection {
  name: ProjectionName;
  /** Bump it when the projection's rows change meaning or shape: a read model written by another version is rebuilt. */
  version: number;
  /** Every SQL table it owns, in the order a rebuild swaps them. */
  tables: readonly string[];
  /** Whether its commits are announced to live listeners (the projection the pages read). */
  announces: boolean;
  /** A writer over its tables named with `suffix` ('' live; a rebuild's shadow suffix); statements prepared once. */
  open(db: AppDb, suffix: string): ProjectionWriter;
}

/** An event a projection could not handle: names the event, so nothing is skipped silently. */
export class ProjectionError extends Error {
  override name = 'ProjectionError';
  constructor(
    readonly projection: string,
    readonly event: Pick<RecordedEvent, 'type' | 'position' | 'streamId' | 'version' | 'eventId'>,
    override readonly cause: unknown,
  ) {
    super(
      `projection "${projection}" failed on event ${event.type} at position ${event.position} ` +
        `(${event.streamId} v${event.version}, id ${event.eventId}): ${(cause as Error)?.message ?? String(cause)}`,
    );
  }
}
