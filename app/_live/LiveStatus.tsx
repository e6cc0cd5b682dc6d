'use client';
import { useEffect, useState } from 'react';
import { liveSocket } from './socket';

type State = 'connecting' | 'connected' | 'offline';
const LABEL: Record<State, string> = {
  connecting: 'Connecting to live updates…',
  connected: 'Live updates connected',
  offline: 'Live updates offline, retrying…',
};

/** Shows whether the page's socket is connected, so stale views are never silent. */
export function LiveStatus() {
  const [state, setState] = useState<State>('connecting');
  useEffect(() => {
    const socket = liveSocket();
    const onConnect = () => setState('connected');
    const onDisconnect = () => setState('offline');
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onDisconnect);
    if (socket.connected) setState('connected');
    return () => {
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onDisconnect);
    };
  }, []);
  return (
    <p className="status" data-state={state} role="status" aria-live="polite">
      {LABEL[state]}
    </p>
  );
}
