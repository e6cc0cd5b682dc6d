'use client';
// The browser's one socket to the server (same origin and port as the pages), and the hooks pages use.
import { useCallback, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServer, OrderUpdated, ServerToClient } from '../../lib/live/events';
import { coalesce } from './coalesce';
import { refreshView } from './refresh-action';

let socket: Socket<ServerToClient, ClientToServer> | undefined;

export function liveSocket(): Socket<ServerToClient, ClientToServer> {
  if (!socket) {
    const s = io({ transports: ['websocket', 'polling'] });
    s.on('connect', () => {
      sessionEnded = false;
      storeOutOfReach = false; // the server says so at connection if it still cannot reach its store
    });
    s.on('store:status', ({ reachable }) => {
      storeOutOfReach = !reachable;
    });
    s.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') sessionEnded = true;
    });
    s.on('connect_error', (err) => {
      if (/unauthorized/.test(err.message)) sessionEnded = true;
    });
    socket = s;
  }
  return socket;
}

/**
 * The server closed this tab's socket because its session ended (signed out, elsewhere too): the page keeps what it
 * shows and says so, rather than refetch into the sign-in page.
 */
let sessionEnded = false;

/** This tab's server said it cannot reach its store of record: what the page shows may be behind. */
let storeOutOfReach = false;

/**
 * Calls `onUpdate` for every `order:updated` this socket may hear, and `onResync` whenever what was pushed may have
 * been missed: the socket connected after the page was rendered (first connection or reconnection, unless the
 * server replayed what it missed), or the server says one of its own Redis links reconnected.
 */
export function useOrderUpdates(onUpdate: (u: OrderUpdated) => void, onResync?: () => void): void {
  useEffect(() => {
    const s = liveSocket();
    const connected = () => {
      if (!s.recovered) onResync?.();
    };
    const resync = () => onResync?.();
    s.on('order:updated', onUpdate);
    s.on('connect', connected);
    s.on('resync', resync);
    return () => {
      s.off('order:updated', onUpdate);
      s.off('connect', connected);
      s.off('resync', resync);
    };
  }, [onUpdate, onResync]);
}

export type LiveState = 'connecting' | 'live' | 'paused' | 'reconnecting' | 'ended';

/**
 * Whether live updates are flowing; `paused` while the server is connected but cannot reach its store of record (no
 * news reaches it); `ended` when the server closed the socket (the session ended or expired).
 */
export function useLiveState(): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    const s = liveSocket();
    const connected = () => (storeOutOfReach ? 'paused' : 'live');
    const on = () => setState(connected());
    const off = (reason?: string) => setState(reason === 'io server disconnect' ? 'ended' : 'reconnecting');
    const failed = (err: Error) => setState(/unauthorized/.test(err.message) ? 'ended' : 'reconnecting');
    const status = ({ reachable }: { reachable: boolean }) => setState(reachable ? 'live' : 'paused');
    setState(s.connected ? connected() : 'connecting');
    s.on('connect', on);
    s.on('disconnect', off);
    s.on('connect_error', failed);
    s.on('store:status', status);
    return () => {
      s.off('connect', on);
      s.off('disconnect', off);
      s.off('connect_error', failed);
      s.off('store:status', status);
    };
  }, []);
  return state;
}

/** How long a page waits before each next try of a refresh that failed, or of a refetch still behind (ms). */
const RETRY_MS = [250, 500, 1000, 2000, 4000];

/**
 * The tab's one refresh at a time: Next runs a page's server actions one after another, so refreshes piled up behind
 * a slow one would hold the user's commands behind them too. Asks made while one is in flight make one more run
 * when it ends. Skipped offline, and after the session ended. One that failed, or rendered nothing (the store out of
 * reach), or was skipped is tried again, backing off, until one renders: every page catches up by itself.
 */
const refreshTab = coalesce(refreshView, { skip: () => !navigator.onLine || sessionEnded, retryMs: RETRY_MS });

/**
 * `refresh()`: re-renders the page's server components (the server action refreshView), but only when the server can
 * render them: while its store is out of reach it renders nothing, rather than an error page. A request that gets no
 * answer leaves the page as it is (a router refresh would fall back to a full page load, replacing the app, and what
 * the user typed, with the browser's offline page). Does nothing offline, or after the session ended (the page keeps
 * what it shows and says so, rather than refetch into the sign-in page). One at a time per tab (see refreshTab).
 * Resolves once a refresh that began after the call was done, skipped or failed; never rejects.
 */
export function useGuardedRefresh(): () => Promise<void> {
  return useCallback(() => refreshTab(), []);
}

/**
 * `request()`: a guarded refresh (see useGuardedRefresh) at most once every `gapMs` milliseconds. A request within
 * the gap is not dropped: one refresh runs when the gap ends, so the last change asked for is always shown.
 */
export function useThrottledRefresh(gapMs: number): () => void {
  const refresh = useGuardedRefresh();
  const last = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
      pending.current = null;
    },
    [],
  );
  return useCallback(() => {
    if (pending.current) return; // one is already due: it will show this change too
    const wait = Math.max(0, gapMs - (Date.now() - last.current));
    pending.current = setTimeout(() => {
      pending.current = null;
      last.current = Date.now();
      void refresh();
    }, wait);
  }, [gapMs, refresh]);
}

/**
 * Keeps a page at least as fresh as what was announced. `rendered` is where the page's data stands (a version, a
 * per-customer sequence or a global position, as the server rendered it); `target` is the highest mark announced
 * since. While rendered < target the page refetches, backing off, until a render reaches it: a node may announce a
 * change before the node that serves this page's requests shows it, and the same change comes from every node.
 * Returns `bump(mark)` (call it with each announced mark) and `refetch()` (an unconditional refetch, e.g. on resync).
 */
export function useFreshness(rendered: number, memoryKey?: string) {
  const [target, setTarget] = useState(rendered);
  const shown = useRef(rendered);
  shown.current = rendered;
  const refetch = useGuardedRefresh();
  // What this tab has already shown survives a reload: a reload answered by a node a moment behind (several nodes
  // behind a load balancer) then says "updating view…" and refetches, instead of going back in time as if live.
  useEffect(() => {
    if (!memoryKey) return;
    const key = `orderly:shown:${memoryKey}`;
    const before = Number(sessionStorage.getItem(key) ?? 0);
    if (before > rendered) setTarget((t) => Math.max(t, before));
    else sessionStorage.setItem(key, String(rendered));
  }, [memoryKey, rendered]);
  const bump = useCallback(
    (mark: number) => {
      setTarget((t) => Math.max(t, mark));
      if (mark > shown.current) void refetch(); // news: look now, whatever the backoff says
    },
    [refetch],
  );
  useEffect(() => {
    if (rendered >= target) return;
    // Behind: refetch now, then again and again, backing off, until a render reaches the target (this effect runs
    // again, and stops, when one does).
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      void refetch();
      timer = setTimeout(tick, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
    };
    tick();
    return () => clearTimeout(timer);
  }, [rendered, target, refetch]);
  return { target, bump, refetch };
}
