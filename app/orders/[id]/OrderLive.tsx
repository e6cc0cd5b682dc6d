'use client';
// Eventual consistency, shown honestly: after a command the page says "saved as version N, updating view…" until
// the read model it renders reaches N (the socket says when), then shows the fresh read model.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import type { OrderUpdated } from '../../../lib/live/events';
import { type LiveState, liveSocket, useFreshness, useLiveState, useOrderUpdates } from '../../_live/socket';

interface Live {
  /** The version the page shows. */
  rendered: number;
  /** Made when the page was rendered on the server: the first command id of each form starts with it. */
  seed: string;
  /** A version saved from this page that it does not show yet, or null. */
  awaiting: number | null;
  /** A newer version was announced and is being fetched. */
  behind: boolean;
  liveState: LiveState;
  /** Tell the page a command was saved as this version. */
  saved(version: number): void;
  refresh(): void;
}

const LiveContext = createContext<Live | null>(null);

export function useLive(): Live {
  const live = useContext(LiveContext);
  if (!live) throw new Error('useLive needs an <OrderLive> around it');
  return live;
}

export function OrderLive({
  orderId,
  version,
  seed,
  children,
}: {
  orderId: string;
  version: number;
  seed: string;
  children: ReactNode;
}) {
  const [awaiting, setAwaiting] = useState<number | null>(null);
  const liveState = useLiveState();
  // The page follows the highest version announced or saved here, refetching until it shows it.
  const { target, bump, refetch: refresh } = useFreshness(version, `order:${orderId}`);

  // Join the order's room (again after every reconnection).
  useEffect(() => {
    const s = liveSocket();
    const join = () => s.emit('subscribe', { orderId }, () => {});
    if (s.connected) join();
    s.on('connect', join);
    return () => {
      s.off('connect', join);
      s.emit('unsubscribe', { orderId });
    };
  }, [orderId]);

  const onUpdate = useCallback(
    (u: OrderUpdated) => {
      if (u.orderId === orderId) bump(u.version);
    },
    [orderId, bump],
  );
  useOrderUpdates(onUpdate, refresh);

  const saved = useCallback(
    (v: number) => {
      if (v <= version) return;
      setAwaiting(v);
      bump(v);
    },
    [version, bump],
  );

  useEffect(() => {
    if (awaiting !== null && version >= awaiting) setAwaiting(null);
  }, [awaiting, version]);

  const pending = awaiting !== null && version < awaiting ? awaiting : null;
  return (
    <LiveContext.Provider
      value={{ rendered: version, seed, awaiting: pending, behind: target > version, liveState, saved, refresh }}
    >
      {children}
    </LiveContext.Provider>
  );
}

/** The page's one line about freshness; its height is reserved, so the layout does not shift when it changes. */
const LIVE_NOTE: Record<LiveState, string> = {
  connecting: ' · connecting to live updates…',
  live: ' · live',
  reconnecting: ' · reconnecting to live updates…',
  ended: ' · your session has ended: sign in again for live updates',
};

export function SyncStatus() {
  const { rendered, awaiting, liveState } = useLive();
  return (
    <p className="sync" data-state={awaiting !== null ? 'pending' : 'fresh'} role="status" aria-live="polite">
      {awaiting !== null
        ? `Saved as version ${awaiting}, updating view…`
        : `Showing version ${rendered}${LIVE_NOTE[liveState]}`}
    </p>
  );
}
