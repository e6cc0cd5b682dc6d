// Queries of the stock read model.
import { asc, eq, inArray } from 'drizzle-orm';
import type { AppDb } from '../../../../db/client';
import { stockLevels, stockMovements } from './tables';

/** A product's stock as the read model has it: on hand, held for orders, and what may still be ordered. */
export interface StockLevel {
  onHand: number;
  reserved: number;
  available: number;
}

/** The stock of these products (all when `productIds` is omitted); a product with no stock event is absent. */
export function stockLevelsOf(db: AppDb, productIds?: readonly string[]): Map<string, StockLevel> {
  const rows = db
    .select()
    .from(stockLevels)
    .where(productIds ? inArray(stockLevels.productId, [...productIds]) : undefined)
    .all();
  return new Map(
    rows.map((r) => [
      r.productId,
      { onHand: r.onHand, reserved: r.reserved, available: Math.max(0, r.onHand - r.reserved) },
    ]),
  );
}

/** No stock at all: a product never received. */
export const NO_STOCK: StockLevel = { onHand: 0, reserved: 0, available: 0 };

export type StockMovement = typeof stockMovements.$inferSelect;

/** Every movement of stock for an order (held, refused, released, committed), oldest first. */
export const stockMovementsOf = (db: AppDb, orderId: string): StockMovement[] =>
  db
    .select()
    .from(stockMovements)
    .where(eq(stockMovements.orderId, orderId))
    .orderBy(asc(stockMovements.position))
    .all();
