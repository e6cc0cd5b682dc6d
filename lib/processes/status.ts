// Where the process managers stand, as the store of record says: shared by /api/health and the metrics.
import { RESERVATIONS_PROCESS } from './runner';
import type { ProcessState } from './state';

/** One process manager as seen from any node. */
export interface ProcessManagerStatus {
  name: string;
  /** Some node holds its lease (runs it) now. */
  running: boolean;
  /** That node's id, or null. */
  holder: string | null;
  /** The last log position it handled. */
  checkpoint: number;
  /** Events recorded after its checkpoint (`head` minus checkpoint, at least 0). */
  behind: number;
}

/**
 * Every process manager's lease holder and checkpoint, against `head` (the log's last position). Two store reads per
 * process manager; throws what the store throws.
 */
export async function processManagersStatus(state: ProcessState, head: number): Promise<ProcessManagerStatus[]> {
  const [holder, checkpoint] = await Promise.all([
    state.holder(RESERVATIONS_PROCESS),
    state.checkpoint(RESERVATIONS_PROCESS),
  ]);
  return [
    {
      name: RESERVATIONS_PROCESS,
      running: holder !== null,
      holder: holder?.owner ?? null,
      checkpoint,
      behind: Math.max(0, head - checkpoint),
    },
  ];
}
