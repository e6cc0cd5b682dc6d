'use client';
import { type LiveState, useLiveState } from './socket';

const TEXT: Record<LiveState, string> = {
  connecting: 'Connecting to live updates…',
  live: 'Live',
  paused: 'Updates paused: the server cannot reach its data right now, so this page may be behind',
  reconnecting: 'Reconnecting to live updates…',
  ended: 'Your session has ended: sign in again for live updates',
};

/** Says whether live updates are flowing, so a stale view is never silent. */
export function LiveIndicator() {
  const state = useLiveState();
  return (
    <p className="status" data-state={state === 'live' ? 'connected' : 'offline'} role="status" aria-live="polite">
      {TEXT[state]}
    </p>
  );
}
