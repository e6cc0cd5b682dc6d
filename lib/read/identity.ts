// A read model belongs to one store of record. A node started on another store (another Redis namespace, Redis
// instead of the embedded file, a Redis that lost its data) must not serve rows of the old one, nor keep checkpoints
// beyond the new log's head (it would never apply what comes below them): it starts its read model over.
import { eq, gt, sql } from 'drizzle-orm';
import type { AppDb } from '../../db/client';
import type { Logger } from '../log';
import { PROJECTIONS, tablesOf } from './projections';
import { projectionCheckpoints, readModelMeta } from './tables';

const STORE_ID = 'store_id';

/**
 * Makes sure the read model in `db` was built from the store whose id is `storeId` and whose log ends at `head`;
 * otherwise empties it (every projection's rows, the folded state, the checkpoints), saying why. Returns whether it
 * was emptied.
 */
export function ensureReadModelOf(db: AppDb, storeId: string, head: number, log: Logger): boolean {
  const recorded = db.select().from(readModelMeta).where(eq(readModelMeta.key, STORE_ID)).get()?.value;
  const ahead = db
    .select({ name: projectionCheckpoints.name })
    .from(projectionCheckpoints)
    .where(gt(projectionCheckpoints.position, head))
    .get();
  const why =
    recorded !== undefined && recorded !== storeId
      ? 'it was built from another store of record'
      : ahead
        ? `its checkpoint (${ahead.name}) is beyond the head of the log (${head}): the store lost events, or it is another store`
        : null;
  db.$client
    .transaction(() => {
      if (why) {
        for (const table of [...tablesOf(PROJECTIONS), 'projection_checkpoints'])
          db.run(sql.raw(`DELETE FROM ${table}`));
      }
      db.insert(readModelMeta)
        .values({ key: STORE_ID, value: storeId })
        .onConflictDoUpdate({ target: readModelMeta.key, set: { value: storeId } })
        .run();
    })
    .immediate();
  if (why) log.warn(`read model: ${why}; emptied it, to rebuild from this store's log`);
  return why !== null;
}
