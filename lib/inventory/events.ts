// Stock events: the Inventory context's facts, one stream per product (`stock-<productId>`). The zod schemas are the
// one definition of each event's current shape. Inventory shares nothing with Ordering but product ids and order
// ids: the process manager (lib/inventory/reservations.ts) joins the two through events only.
import { z } from 'zod';
import type { Recorded } from '../domain';

const Quantity = z.int().min(1);

export const STOCK_EVENT_DATA = {
  /** Units arrived and were counted in. */
  StockReceived: z.object({ productId: z.string(), quantity: Quantity }),
  /** A correction of the count (lost, damaged, found): `quantity` is the signed change, never 0. */
  StockAdjusted: z.object({ productId: z.string(), quantity: z.int().refine((q) => q !== 0), reason: z.string() }),
  /** Units held for an order: no one else may take them. */
  StockReserved: z.object({ productId: z.string(), orderId: z.string(), quantity: Quantity }),
  /** An order asked for more than was available: nothing was held. Recorded, so a retry decides the same. */
  ReservationRefused: z.object({
    productId: z.string(),
    orderId: z.string(),
    quantity: Quantity,
    available: z.int().min(0),
  }),
  /** The units held for an order are free again (the order was cancelled, or another line of it was refused). */
  ReservationReleased: z.object({ productId: z.string(), orderId: z.string(), quantity: Quantity }),
  /** The units held for an order left the shelf: they stay counted as gone. */
  ReservationCommitted: z.object({ productId: z.string(), orderId: z.string(), quantity: Quantity }),
} as const;

type DataOf = { [T in keyof typeof STOCK_EVENT_DATA]: z.infer<(typeof STOCK_EVENT_DATA)[T]> };
export type StockEventType = keyof typeof STOCK_EVENT_DATA;
export type StockEvent = { [T in StockEventType]: { type: T; data: DataOf[T] } }[StockEventType];
export type StoredStockEvent = Recorded<StockEvent>;

/** The schema version every stock event type is written with today. */
export const STOCK_EVENT_SCHEMA_VERSIONS: Record<StockEventType, number> = {
  StockReceived: 1,
  StockAdjusted: 1,
  StockReserved: 1,
  ReservationRefused: 1,
  ReservationReleased: 1,
  ReservationCommitted: 1,
};

export const isStockEventType = (type: string): type is StockEventType => Object.hasOwn(STOCK_EVENT_DATA, type);

export class UnreadableStockEventError extends Error {
  override name = 'UnreadableStockEventError';
}

/** A stored stock event in its current shape; throws UnreadableStockEventError naming the event otherwise. */
export function readStockEvent(raw: {
  type: string;
  data: unknown;
  streamId: string;
  version: number;
  recordedAt: string;
}): StoredStockEvent {
  if (!isStockEventType(raw.type)) {
    throw new UnreadableStockEventError(`unknown stock event ${raw.type} at ${raw.streamId}@${raw.version}`);
  }
  const parsed = STOCK_EVENT_DATA[raw.type].safeParse(raw.data);
  if (!parsed.success) {
    throw new UnreadableStockEventError(
      `event ${raw.type} at ${raw.streamId}@${raw.version}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return { type: raw.type, data: parsed.data, version: raw.version, recordedAt: raw.recordedAt } as StoredStockEvent;
}

// Stream names are built here and only here.
export const STOCK_STREAM_PREFIX = 'stock-';
export const stockStream = (productId: string) => `${STOCK_STREAM_PREFIX}${productId}`;
export const isStockStream = (streamId: string) => streamId.startsWith(STOCK_STREAM_PREFIX);
export const productIdOfStockStream = (streamId: string) => streamId.slice(STOCK_STREAM_PREFIX.length);
