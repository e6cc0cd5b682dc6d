// The read-model database (SQLite via Drizzle): only read models, their checkpoints and the projector lease, all
// rebuildable from the store of record. Each read model defines its tables next to its projection and queries;
// they are gathered here for Drizzle's migrations (`npm run db:generate` into db/migrations, applied at start).
export { orderActivity } from '../lib/read/projections/activity/tables';
export { catalogPrices, catalogProducts } from '../lib/read/projections/catalog/tables';
export { orderState } from '../lib/read/projections/order-state/tables';
export { customerStats, orderItems, orderSummaries } from '../lib/read/projections/orders/tables';
export { stockLevels, stockMovements } from '../lib/read/projections/stock/tables';
export { projectionCheckpoints, projectorLeases, readModelMeta } from '../lib/read/tables';
