// The stock projection: each product's units on hand and held, from the Inventory context's events (available =
// on hand − held). A refusal changes no count.
import { getTableName } from 'drizzle-orm';
import { isStockStream, readStockEvent } from '../../../inventory/events';
import type { Projection } from '../projection';
import { stockTables } from './tables';

export const stockProjection: Projection = {
  name: 'stock',
  version: 1,
  tables: ['stock_levels'],
  announces: false,
  open(db, suffix) {
    const { levels } = stockTables(suffix);
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
