'use client';
// Keeps the system page current: each tick of this node's report (every few seconds, over the socket) re-renders
// the page's server components, at most once every two seconds; a reconnect or a resync does too.
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { liveSocket } from '../../_live/socket';

export function SystemLive() {
  const router = useRouter();
  const last = useRef(0);
  useEffect(() => {
    const s = liveSocket();
    const refresh = () => {
      if (Date.now() - last.current < 2000) return;
      last.current = Date.now();
      router.refresh();
    };
    s.on('system:tick', refresh);
    s.on('resync', refresh);
    s.on('connect', refresh);
    return () => {
      s.off('system:tick', refresh);
      s.off('resync', refresh);
      s.off('connect', refresh);
    };
  }, [router]);
  return null;
}
