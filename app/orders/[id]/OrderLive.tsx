'use client';
// Eventual consistency, shown honestly: after a command the page says "saved as version N, updating view…" until
// the read model it renders reaches N (the socket says when), then shows the fresh read model.
import { useRouter } from 'next/navigation';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { OrderUpdated } from '../../../lib/live/events';
import { liveSocket, useConnected, useOrderUpdates } from '../../_live/socket';

interface Live {
  /** The version the page shows. */
  rendered: number;
  /** Made when the page was rendered on the server: the first command id of each form starts with it. */
  seed: string;
  /** A saved version the page does not show yet, or null. */
  awaiting: number | null;
  connected: boolean;
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
  const router = useRouter();
  const [awaiting, setAwaiting] = useState<number | null>(null);
  const latest = useRef(version);
  const connected = useConnected();

  const refresh = useCallback(() => router.refresh(), [router]);

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
      if (u.orderId !== orderId) return;
      latest.current = Math.max(latest.current, u.version);
      if (u.version > version) refresh();
    },
    [orderId, version, refresh],
  );
  useOrderUpdates(onUpdate, refresh);

  const saved = useCallback(
    (v: number) => {
      if (v <= version) return;
      setAwaiting(v);
      if (latest.current >= v) refresh(); // the push beat the answer
    },
    [version, refresh],
  );

  // The read model reached what we wait for: done. Otherwise look again now and then, in case a push was missed.
  useEffect(() => {
    if (awaiting === null) return;
    if (version >= awaiting) {
      setAwaiting(null);
      return;
    }
    const timer = setInterval(refresh, 3000);
    return () => clearInterval(timer);
  }, [awaiting, version, refresh]);

  const pending = awaiting !== null && version < awaiting;
  return (
    <LiveContext.Provider
      value={{ rendered: version, seed, awaiting: pending ? awaiting : null, connected, saved, refresh }}
    >
      {children}
    </LiveContext.Provider>
  );
}

/** The page's one line about freshness; its height is reserved, so the layout does not shift when it changes. */
export function SyncStatus() {
  const { rendered, awaiting, connected } = useLive();
  return (
    <p className="sync" data-state={awaiting !== null ? 'pending' : 'fresh'} role="status" aria-live="polite">
      {awaiting !== null
        ? `Saved as version ${awaiting}, updating view…`
        : `Showing version ${rendered}${connected ? ' · live' : ' · reconnecting to live updates…'}`}
    </p>
  );
}
