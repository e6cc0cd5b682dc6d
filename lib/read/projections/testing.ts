// given events → then rows: helpers that apply order events straight to the projections over an in-memory read
// model, as the projector would (batches folded once, inside a transaction), without a store or a projector.
import { type AppDb, openAppDb } from '../../../db/client';
import { PRODUCT_EVENT_SCHEMA_VERSIONS, type ProductEvent, productStream } from '../../catalog/events';
import type { RecordedEvent } from '../../eventstore/types';
import { EVENT_SCHEMA_VERSIONS, type OrderEvent, orderStream } from '../../orders/events';
import { openProjections, PROJECTIONS } from './index';

export interface GivenModel {
  db: AppDb;
  /** The events as the projections received them. */
  recorded: RecordedEvent[];
  close(): void;
}

type Given = (OrderEvent | ProductEvent) & { actor?: string; correlationId?: string };

const streamOf = (e: OrderEvent | ProductEvent) =>
  'orderId' in e.data ? orderStream(e.data.orderId) : productStream(e.data.productId);
const schemaVersionOf = (e: OrderEvent | ProductEvent) =>
  e.type in EVENT_SCHEMA_VERSIONS
    ? EVENT_SCHEMA_VERSIONS[e.type as OrderEvent['type']]
    : PRODUCT_EVENT_SCHEMA_VERSIONS[e.type as ProductEvent['type']];

/**
 * Applies `history` (order and product events, in log order; each names its order or product in its data) to every
 * projection over a fresh in-memory database, `batchSize` events per transaction (default: all in one).
 */
export function givenEvents(
  history: Given[],
  { batchSize = history.length || 1, start = Date.UTC(2026, 0, 1) } = {},
): GivenModel {
  const db = openAppDb(':memory:');
  const versions = new Map<string, number>();
  const recorded = history.map(({ actor = 'ann', correlationId = 'corr-1', ...e }, i): RecordedEvent => {
    const streamId = streamOf(e);
    const version = (versions.get(streamId) ?? 0) + 1;
    versions.set(streamId, version);
    return {
      eventId: `event-${i + 1}`,
      type: e.type,
      streamId,
      version,
      position: i + 1,
      recordedAt: new Date(start + i * 60_000).toISOString(),
      data: e.data,
      metadata: {
        actor,
        actorName: actor,
        correlationId,
        causationId: `command-${i + 1}`,
        schemaVersion: schemaVersionOf(e),
      },
    };
  });
  const projections = openProjections(db, PROJECTIONS);
  const apply = db.$client.transaction((events: RecordedEvent[]) => {
    const { failed } = projections.apply(events);
    const [first] = failed.values();
    if (first) throw first;
  });
  for (let i = 0; i < recorded.length; i += batchSize) apply.immediate(recorded.slice(i, i + batchSize));
  return { db, recorded, close: () => db.$client.close() };
}
