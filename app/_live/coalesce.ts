// One run at a time, and asks made meanwhile folded into one more run: for work whose every run does everything
// any ask wants (a page's refresh renders the whole page anew).

/**
 * Wraps `run` (an async function that never needs to run twice at once). The returned function starts `run` when
 * none is in flight; asked while one is, it marks that one more run is due when that one ends, however many ask
 * meanwhile. Resolves once a run that began after the ask has ended (or, when `skip()` says so at its start, was
 * skipped). Never rejects: a run's rejection is swallowed (the next ask tries again).
 */
export function coalesce(run: () => Promise<unknown>, skip: () => boolean = () => false): () => Promise<void> {
  let inFlight: Promise<void> | null = null;
  let again = false;
  return () => {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      do {
        again = false;
        if (skip()) break;
        try {
          await run();
        } catch {
          // the next ask tries again
        }
      } while (again);
      inFlight = null;
    })();
    return inFlight;
  };
}
