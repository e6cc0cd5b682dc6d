// How a process of this app ends on SIGTERM/SIGINT: its own steps in order, bounded in time.
import type { Logger } from './log';

/** How long the shutdown steps may take before the process exits anyway (below Kubernetes' default 30 s grace). */
export const SHUTDOWN_DEADLINE_MS = 25_000;

/**
 * Runs `steps` (closing servers, stopping the projector, releasing leases, closing the stores), then exits with 0.
 * Steps that wait on a store which never answers (a link that came back in a state no request finishes in) must not
 * keep a stopping process alive: after `deadlineMs` it logs that and exits with 1 anyway. Leases it held then lapse
 * with their TTL, and the fenced checkpoints keep the next holder correct. Never returns.
 */
export async function shutDown(
  log: Logger,
  steps: () => Promise<void>,
  deadlineMs = SHUTDOWN_DEADLINE_MS,
): Promise<never> {
  const deadline = setTimeout(() => {
    log.error(`shutdown: not finished after ${deadlineMs / 1000} s (a store that does not answer?): exiting anyway`);
    process.exit(1);
  }, deadlineMs);
  deadline.unref();
  await steps();
  process.exit(0);
}
