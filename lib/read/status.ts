// Where each projection stands: its checkpoint, how far behind the head of the log it is, and how long events
// took from being recorded to being committed in the read model.
import type { AppDb } from '../../db/client';
import type { EventStore } from '../eventstore/types';
import { allCheckpoints, readCheckpoint } from './checkpoints';
import { currentLeaseHolder, type LeaseHolder } from './lease';
import { PROJECTIONS } from './projections';

export interface ProjectionLag {
  name: string;
  checkpoint: number;
  head: number;
  /** Events recorded but not yet applied. */
  behind: number;
  /** When the projector last committed this projection, null if never. */
  updatedAt: string | null;
  /**
   * ms from the last applied event's recordedAt to its commit. Latency while the projector follows the log; after a
   * rebuild or a catch-up it is the age of that event at the replay, so operators watch `behind` and
   * `oldestPendingMs` (the projections page shows those).
   */
  commitLagMs: number | null;
  /** ms since the oldest event not yet applied was recorded (0 when caught up). */
  oldestPendingMs: number;
}

export async function projectionsStatus(
  db: AppDb,
  store: EventStore,
): Promise<{ head: number; lease: LeaseHolder | null; projections: ProjectionLag[] }> {
  const head = await store.headPosition();
  const checkpoints = new Map(allCheckpoints(db).map((c) => [c.name, c]));
  const projections = await Promise.all(
    PROJECTIONS.map(async ({ name }): Promise<ProjectionLag> => {
      const cp = checkpoints.get(name);
      const checkpoint = cp?.position ?? 0;
      const [last, pending] = await Promise.all([
        checkpoint > 0 ? store.readAll({ fromPosition: checkpoint, limit: 1 }) : Promise.resolve([]),
        checkpoint < head ? store.readAll({ fromPosition: checkpoint + 1, limit: 1 }) : Promise.resolve([]),
      ]);
      return {
        name,
        checkpoint,
        head,
        behind: head - checkpoint,
        updatedAt: cp?.updatedAt ?? null,
        commitLagMs: cp && last[0] ? Date.parse(cp.updatedAt) - Date.parse(last[0].recordedAt) : null,
        oldestPendingMs: pending[0] ? Math.max(0, Date.now() - Date.parse(pending[0].recordedAt)) : 0,
      };
    }),
  );
  return { head, lease: currentLeaseHolder(db), projections };
}

/** Waits until every named projection's checkpoint reaches the head of the log (as it is when called). */
export async function waitUntilCaughtUp(
  db: AppDb,
  store: EventStore,
  names: readonly string[] = PROJECTIONS.map((p) => p.name),
  timeoutMs = 20_000,
): Promise<void> {
  const head = await store.headPosition();
  const deadline = Date.now() + timeoutMs;
  while (names.some((n) => readCheckpoint(db, n) < head)) {
    if (Date.now() > deadline) {
      const at = names.map((n) => `${n}@${readCheckpoint(db, n)}`).join(', ');
      throw new Error(`projections did not reach position ${head} within ${timeoutMs} ms: ${at}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}
