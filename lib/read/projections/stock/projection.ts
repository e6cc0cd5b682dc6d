// The stock projection: each product's units on hand and held, from the Inventory context's events (available =
// on hand − held; a refusal changes no count), and each movement of stock for an order (the order's timeline).
import { getTableName } from 'drizzle-orm';
import { isStockStream, readStockEvent } from '../../../inventory/events';
import type { Projection } from '../projection';
import { stockTables } from './tables';

export const stockProjection: Projection = {
  name: 'stock',
  version: 1,
  tables: ['stock_levels', 'stock_movements'],
  announces: false,
  open(db, suffix) {
    const { levels, movements } = stockTables(suffix);
    const movement = db.$client.prepare(
      `INSERT INTO ${getTableName(movements)} (position, event_id, product_id, order_id, type, quantity, available,
         causation_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // Counts move by the event's deltas; the first event of a product makes its row.
    const move = db.$client.prepare(
      `INSERT INTO ${getTableName(levels)} (product_id, on_hand, reserved, version, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (product_id) DO UPDATE SET on_hand = on_hand + excluded.on_hand,
         reserved = reserved + excluded.reserved, version = excluded.version, updated_at = excluded.updated_at`,
    );
    return {
      onRecorded(raw) {
        if (!isStockStream(raw.streamId)) return;
        const e = readStockEvent(raw);
        if ('orderId' in e.data) {
          const causation = raw.metadata.causationId;
          movement.run(
            raw.position,
            raw.eventId,
            e.data.productId,
            e.data.orderId,
            e.type,
            e.data.quantity,
            'available' in e.data ? e.data.available : null,
            typeof causation === 'string' ? causation : null,
            e.recordedAt,
          );
        }
        const delta = (onHand: number, reserved: number) =>
          move.run(e.data.productId, onHand, reserved, e.version, e.recordedAt);
        switch (e.type) {
          case 'StockReceived':
          case 'StockAdjusted':
            return void delta(e.data.quantity, 0);
          case 'StockReserved':
            return void delta(0, e.data.quantity);
          case 'ReservationReleased':
            return void delta(0, -e.data.quantity);
          case 'ReservationCommitted':
            return void delta(-e.data.quantity, -e.data.quantity);
          case 'ReservationRefused':
            return void delta(0, 0);
        }
      },
    };
  },
};
