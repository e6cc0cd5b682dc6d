'use client';
import { useEffect, useState, useTransition } from 'react';
import type { RebuildProgress } from '../../../lib/read/rebuild';
import { liveSocket, useGuardedRefresh } from '../../_live/socket';

export function RebuildPanel({
  initial,
  start,
}: {
  initial: RebuildProgress | null;
  start: () => Promise<{ started: boolean; message: string }>;
}) {
  const [run, setRun] = useState(initial);
  const [message, setMessage] = useState<string | null>(null);
  const [starting, startTransition] = useTransition();
  const refresh = useGuardedRefresh();
  useEffect(() => {
    const s = liveSocket();
    const onProgress = (p: RebuildProgress) => {
      setRun(p);
      if (p.phase === 'done' || p.phase === 'failed') void refresh();
    };
    s.on('rebuild:progress', onProgress);
    return () => {
      s.off('rebuild:progress', onProgress);
    };
  }, [refresh]);
  const running = run !== null && run.phase !== 'done' && run.phase !== 'failed';
  const percent = run && run.head > 0 ? Math.round((run.position / run.head) * 100) : run?.phase === 'done' ? 100 : 0;
  return (
    <section className="card" aria-labelledby="rebuild-heading">
      <h2 id="rebuild-heading">Rebuild</h2>
      <p className="muted">
        Replays the whole log into fresh tables, then swaps them in within one transaction. Pages keep the old tables
        until then.
      </p>
      <button
        type="button"
        className="primary"
        // Not `disabled`: that would drop the keyboard focus to the page's body while the rebuild starts.
        aria-disabled={running || starting || undefined}
        onClick={() =>
          !(running || starting) &&
          startTransition(async () => {
            try {
              setMessage((await start()).message);
            } catch {
              setMessage('The server could not be reached: nothing was started. Check your connection and try again.');
            }
          })
        }
      >
        {running ? 'Rebuilding…' : 'Rebuild all projections'}
      </button>
      {message && <p className="muted small">{message}</p>}
      <div role="status" aria-live="polite">
        {run && (
          <>
            <progress className="progress" max={100} value={percent} aria-label="Rebuild progress">
              {percent}%
            </progress>
            <p className="small">
              {run.phase === 'done'
                ? `Done: ${run.events.toLocaleString()} events replayed and swapped in at position ${run.position}.`
                : run.phase === 'failed'
                  ? `Failed: ${run.error}. The live tables are untouched.`
                  : `${run.phase === 'swapping' ? 'Swapping in' : 'Replaying'}: ${run.position.toLocaleString()} of ${run.head.toLocaleString()} events, ${Math.round(run.eventsPerSec).toLocaleString()} events/s${run.etaSeconds !== null ? `, about ${Math.ceil(run.etaSeconds)} s left` : ''}.`}
            </p>
          </>
        )}
      </div>
    </section>
  );
}
