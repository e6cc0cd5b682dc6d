// Product events: the catalog as facts. The zod schemas are the one definition of each event's current shape.
import { z } from 'zod';
import type { Recorded } from '../domain';

const Cents = z.int().min(0);

/** A product's id: chosen by staff when listing it, part of its stream's name, never changed. */
export const ProductId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a product id is 1-64 of a-z, 0-9 and -, starting with a letter or digit');

export const PRODUCT_EVENT_DATA = {
  ProductListed: z.object({ productId: z.string(), name: z.string(), priceCents: Cents }),
  ProductRenamed: z.object({ productId: z.string(), name: z.string() }),
  PriceChanged: z.object({ productId: z.string(), fromCents: Cents, toCents: Cents }),
  ProductRetired: z.object({ productId: z.string() }),
  ProductRelisted: z.object({ productId: z.string() }),
} as const;

type DataOf = { [T in keyof typeof PRODUCT_EVENT_DATA]: z.infer<(typeof PRODUCT_EVENT_DATA)[T]> };
export type ProductEventType = keyof typeof PRODUCT_EVENT_DATA;
export type ProductEvent = { [T in ProductEventType]: { type: T; data: DataOf[T] } }[ProductEventType];
export type StoredProductEvent = Recorded<ProductEvent>;

/** The schema version every product event type is written with today. */
export const PRODUCT_EVENT_SCHEMA_VERSIONS: Record<ProductEventType, number> = {
  ProductListed: 1,
  ProductRenamed: 1,
  PriceChanged: 1,
  ProductRetired: 1,
  ProductRelisted: 1,
};

export const isProductEventType = (type: string): type is ProductEventType => Object.hasOwn(PRODUCT_EVENT_DATA, type);

export class UnreadableProductEventError extends Error {
  override name = 'UnreadableProductEventError';
}

/** A stored product event in its current shape; throws UnreadableProductEventError naming the event otherwise. */
export function readProductEvent(raw: {
  type: string;
  data: unknown;
  streamId: string;
  version: number;
  recordedAt: string;
}): StoredProductEvent {
  if (!isProductEventType(raw.type)) {
    throw new UnreadableProductEventError(`unknown product event ${raw.type} at ${raw.streamId}@${raw.version}`);
  }
  const parsed = PRODUCT_EVENT_DATA[raw.type].safeParse(raw.data);
  if (!parsed.success) {
    throw new UnreadableProductEventError(
      `event ${raw.type} at ${raw.streamId}@${raw.version}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return { type: raw.type, data: parsed.data, version: raw.version, recordedAt: raw.recordedAt } as StoredProductEvent;
}

// Stream names are built here and only here.
export const PRODUCT_STREAM_PREFIX = 'product-';
export const productStream = (productId: string) => `${PRODUCT_STREAM_PREFIX}${productId}`;
export const isProductStream = (streamId: string) => streamId.startsWith(PRODUCT_STREAM_PREFIX);
export const productIdOfStream = (streamId: string) => streamId.slice(PRODUCT_STREAM_PREFIX.length);
