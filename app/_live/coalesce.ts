// One run at a time, asks made meanwhile folded into one more run, and a failed run tried again until one succeeds:
// for work whose every run does everything any ask wants (a page's refresh renders the whole page anew).

export interface CoalesceOptions {
  /** Whether to skip the run now (it is then owed, and tried again like a failed one). */
  skip?: () => boolean;
  /** Milliseconds to wait before each next try after a failure, the last one repeated; none: no tries again. */
  retryMs?: readonly number[];
}

/**
 * Wraps `run` (an async function that must never run twice at once; it resolves true when it did its work, false
 * or a rejection when it did not). The returned function starts `run` when none is in flight; asked while one is,
 * it marks that one more run is due when that one ends, however many ask meanwhile. A run that fails (or is
 * skipped) is tried again after `retryMs`, backing off, until one succeeds; an ask meanwhile runs at once. Resolves
 * once a run that began after the ask has ended, skipped or failed; never rejects.
 */
export function coalesce(run: () => Promise<boolean>, options: CoalesceOptions = {}): () => Promise<void> {
  const { skip = () => false, retryMs = [] } = options;
  let inFlight: Promise<void> | null = null;
  let again = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const attempt = async (): Promise<boolean> => {
    if (skip()) return false;
    try {
      return await run();
    } catch {
      return false;
    }
  };
  const ask = (): Promise<void> => {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      let done: boolean;
      do {
        again = false;
        done = await attempt();
      } while (again);
      inFlight = null;
      failures = done ? 0 : failures + 1;
      if (!done && retryMs.length > 0) {
        timer = setTimeout(ask, retryMs[Math.min(failures, retryMs.length) - 1]);
      }
    })();
    return inFlight;
  };
  return ask;
}
