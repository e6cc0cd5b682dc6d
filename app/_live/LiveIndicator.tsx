'use client';
import { useConnected } from './socket';

/** Says whether live updates are flowing, so a stale view is never silent. */
export function LiveIndicator() {
  const connected = useConnected();
  return (
    <p className="status" data-state={connected ? 'connected' : 'offline'} role="status" aria-live="polite">
      {connected ? 'Live' : 'Connecting to live updates…'}
    </p>
  );
}
