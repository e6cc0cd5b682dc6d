// Stored events outlive the code that wrote them. Every event is read through here: its stored shape (type +
// schemaVersion in its metadata; none = 0, the tutorial's original snake_case shape) is upcast step by step to
// the current one and then checked, so aggregates, projections and the timeline only ever see current events.
import { z } from 'zod';
import {
  EVENT_SCHEMA_VERSIONS,
  isOrderEventType,
  type Line,
  ORDER_EVENT_DATA,
  type OrderEvent,
  orderIdOfStream,
  type StoredOrderEvent,
} from './events';
import { dollarsToCents } from './money';

/** What upcasting needs of a stored event (a RecordedEvent has all of it). */
export interface RawEvent {
  type: string;
  data: unknown;
  metadata: Readonly<Record<string, unknown>>;
  streamId: string;
  version: number;
  recordedAt: string;
}

export class UnreadableEventError extends Error {
  override name = 'UnreadableEventError';
}

type Step = (data: Record<string, unknown>, raw: RawEvent) => { type: string; schemaVersion: number; data: unknown };

// ---- the tutorial's original shape (schema version 0) --------------------------------------------------------
const LegacyItem = z.object({
  product_id: z.string(),
  name: z.string().optional(),
  quantity: z.number().int(),
  price: z.number(), // dollars, as a float
});

const legacyLine = (item: z.infer<typeof LegacyItem>): Line => ({
  productId: item.product_id,
  name: item.name ?? item.product_id, // the old shape often had no name: the product id stands in
  quantity: item.quantity,
  unitPriceCents: dollarsToCents(item.price),
});

const orderIdOf = (data: Record<string, unknown>, raw: RawEvent) =>
  typeof data.order_id === 'string' ? data.order_id : orderIdOfStream(raw.streamId);

const STEPS: Record<string, Step> = {
  'order_created@0': (data, raw) => {
    const items = z.array(LegacyItem).parse(data.items);
    // One line per product today: old duplicates merge, keeping the first price.
    const lines: Line[] = [];
    for (const line of items.map(legacyLine)) {
      const same = lines.find((l) => l.productId === line.productId);
      if (same) same.quantity += line.quantity;
      else lines.push(line);
    }
    const customerId = z.string().parse(data.customer_id ?? raw.metadata.actor);
    // The stored float `total` is derivable from the lines, and is dropped rather than trusted.
    return { type: 'OrderCreated', schemaVersion: 1, data: { orderId: orderIdOf(data, raw), customerId, lines } };
  },
  'item_added@0': (data, raw) => ({
    type: 'ItemAdded',
    schemaVersion: 1,
    data: { orderId: orderIdOf(data, raw), ...legacyLine(LegacyItem.parse(data)) },
  }),
  'item_removed@0': (data, raw) => ({
    type: 'ItemRemoved',
    schemaVersion: 1,
    data: { orderId: orderIdOf(data, raw), productId: z.string().parse(data.product_id) },
  }),
  'order_submitted@0': (data, raw) => ({
    type: 'OrderSubmitted',
    schemaVersion: 1,
    data: { orderId: orderIdOf(data, raw) },
  }),
  'order_cancelled@0': (data, raw) => ({
    type: 'OrderCancelled',
    schemaVersion: 1,
    data: { orderId: orderIdOf(data, raw), reason: typeof data.reason === 'string' ? data.reason : '' },
  }),
};

export function schemaVersionOf(raw: Pick<RawEvent, 'metadata'>): number {
  const v = raw.metadata.schemaVersion;
  return typeof v === 'number' ? v : 0;
}

/** The current form of a stored order event; throws UnreadableEventError naming the event when it cannot be read. */
export function upcast(raw: RawEvent): StoredOrderEvent {
  let type = raw.type;
  let schemaVersion = schemaVersionOf(raw);
  let data: unknown = raw.data;
  const where = () => `event ${raw.type} v${schemaVersionOf(raw)} at ${raw.streamId}@${raw.version}`;
  try {
    for (let steps = 0; !(isOrderEventType(type) && EVENT_SCHEMA_VERSIONS[type] === schemaVersion); steps++) {
      const step = STEPS[`${type}@${schemaVersion}`];
      if (!step || steps > 20)
        throw new UnreadableEventError(`no upcaster for ${type} schema version ${schemaVersion}`);
      if (data === null || typeof data !== 'object') throw new UnreadableEventError('data is not an object');
      ({ type, schemaVersion, data } = step(data as Record<string, unknown>, raw));
    }
    const parsed = ORDER_EVENT_DATA[type as keyof typeof ORDER_EVENT_DATA].safeParse(data);
    if (!parsed.success)
      throw new UnreadableEventError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return { type, data: parsed.data, version: raw.version, recordedAt: raw.recordedAt } as StoredOrderEvent;
  } catch (error) {
    throw new UnreadableEventError(`${where()}: ${(error as Error).message}`);
  }
}

/** Metadata every new event carries so that future code knows which shape it was written in. */
export const schemaVersionFor = (event: OrderEvent) => EVENT_SCHEMA_VERSIONS[event.type];
