'use client';
// Keeps the system page current: each tick of a node's report (every few seconds, over the socket) re-renders the
// page's server components, at most once every two seconds and always after the last tick; a reconnect or a resync
// does too.
import { useEffect } from 'react';
import { liveSocket, useThrottledRefresh } from '../../_live/socket';

export function SystemLive() {
  const request = useThrottledRefresh(2000);
  useEffect(() => {
    const s = liveSocket();
    s.on('system:tick', request);
    s.on('resync', request);
    s.on('connect', request);
    return () => {
      s.off('system:tick', request);
      s.off('resync', request);
      s.off('connect', request);
    };
  }, [request]);
  return null;
}
