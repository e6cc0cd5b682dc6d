'use client';
// Eventual consistency, shown honestly: after a command the page says "saved as version N, updating view…" until
// the read model it renders reaches N (the socket says when), then shows the fresh read model.
//
// The page's own commands never race each other: they run one at a time, and each expects the version the page
// knows of, which is the newer of the version it shows and the version its own last command was saved as. A quick
// second change (remove a line while the quantity of another is being saved) therefore acts on the first one's
// result instead of being refused as a conflict with the user's own change.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { OrderUpdated } from '../../../lib/live/events';
import { type LiveState, liveSocket, useFreshness, useLiveState, useOrderUpdates } from '../../_live/socket';

interface Live {
  /** The version the page shows. */
  rendered: number;
  /** Made when the page was rendered on the server: the first command id of each form starts with it. */
  seed: string;
  /** A version saved from this page that it does not show yet, or null. */
  awaiting: number | null;
  /** The newest version announced (by the socket, or saved here); above `rendered` while the page fetches it. */
  announced: number;
  liveState: LiveState;
  /** Tell the page a command was saved as this version. */
  saved(version: number): void;
  /** Note a command id this page sent; `sentHere` says whether it did (a change whose answer was lost is its own). */
  sending(commandId: string): void;
  sentHere(commandId: string | null): boolean;
  /** The version a command of this page was saved as (its first event), null, or 'unknown': after a lost answer. */
  savedAt(commandId: string): Promise<number | null | 'unknown'>;
  /**
   * Runs one of the page's commands after the ones before it have been answered, giving it the version to expect;
   * resolves with what `command` resolves with.
   */
  run<T>(command: (expectedVersion: number) => Promise<T>): Promise<T>;
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
  savedAt,
  children,
}: {
  orderId: string;
  version: number;
  seed: string;
  /** The server's answer to "was this command of mine written to this order?" (a server action). */
  savedAt: (commandId: string) => Promise<number | null | 'unknown'>;
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

  // The version the page's next command expects: what it shows, or what its own last command was saved as.
  const expected = useRef(version);
  if (version > expected.current) expected.current = version;
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  // Focus that a re-render took away (the focused control went with its line, or with the forms of a draft that is
  // no longer one; this page's command or anyone else's) goes to a stable heading, not to the page's body: the one
  // the removed control's nearest `data-focus-after` names, else the lines'. Focus the user moved away stays away.
  const lastFocused = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const focusIn = (e: FocusEvent) => {
      lastFocused.current = e.target instanceof HTMLElement ? e.target : null;
    };
    const focusOut = (e: FocusEvent) => {
      const left = e.target;
      if (e.relatedTarget !== null) return; // focusin says where it went
      // Left for nowhere: by the user (a click on the page) if the control is still there afterwards.
      setTimeout(() => {
        if (lastFocused.current === left && left instanceof HTMLElement && left.isConnected && document.hasFocus()) {
          lastFocused.current = null;
        }
      }, 0);
    };
    document.addEventListener('focusin', focusIn);
    document.addEventListener('focusout', focusOut);
    return () => {
      document.removeEventListener('focusin', focusIn);
      document.removeEventListener('focusout', focusOut);
    };
  }, []);
  useEffect(() => {
    void version; // after every render of a new version
    const last = lastFocused.current;
    const active = document.activeElement;
    if (!last || last.isConnected || (active !== null && active !== document.body)) return;
    lastFocused.current = null;
    // Without scrolling: someone who clicked and then scrolled away to read keeps their place.
    document
      .getElementById(last.closest<HTMLElement>('[data-focus-after]')?.dataset.focusAfter ?? 'lines-heading')
      ?.focus({ preventScroll: true });
  }, [version]);

  const saved = useCallback(
    (v: number) => {
      if (v > expected.current) expected.current = v;
      if (v <= version) return;
      setAwaiting(v);
      bump(v);
    },
    [version, bump],
  );

  const sentIds = useRef(new Set<string>());
  const sending = useCallback((commandId: string) => void sentIds.current.add(commandId), []);
  const sentHere = useCallback((commandId: string | null) => commandId !== null && sentIds.current.has(commandId), []);
  const run = useCallback(<T,>(command: (expectedVersion: number) => Promise<T>): Promise<T> => {
    const next = queue.current.then(() => command(expected.current));
    queue.current = next.catch(() => {});
    return next;
  }, []);

  useEffect(() => {
    if (awaiting !== null && version >= awaiting) setAwaiting(null);
  }, [awaiting, version]);

  const pending = awaiting !== null && version < awaiting ? awaiting : null;
  return (
    <LiveContext.Provider
      value={{
        rendered: version,
        seed,
        awaiting: pending,
        announced: Math.max(target, version),
        liveState,
        saved,
        sending,
        sentHere,
        savedAt,
        run,
        refresh,
      }}
    >
      {children}
    </LiveContext.Provider>
  );
}

/** The page's one line about freshness; its height is reserved, so the layout does not shift when it changes. */
const LIVE_NOTE: Record<LiveState, string> = {
  connecting: ' · connecting to live updates…',
  live: ' · live',
  paused: ' · updates paused: the server cannot reach its data right now, so this may be behind',
  reconnecting: ' · reconnecting to live updates…',
  ended: ' · your session has ended: sign in again for live updates',
};

/** How long the page may be behind someone else's change before its status line says so (ms). */
const SAY_BEHIND_AFTER_MS = 1500;

/** `history`: the version time travel shows (the page's banner says so too), or null for the present. */
export function SyncStatus({ history = null }: { history?: number | null }) {
  const { rendered, awaiting, announced, liveState } = useLive();
  const showing =
    history === null ? `Showing version ${rendered}` : `Showing version ${history} of ${rendered} (history)`;
  // Someone else's change, announced but not shown yet, is said too when it takes a while (the page is behind, and
  // knows it). Not at once: most pages catch up within a moment, and a screen reader would hear two lines per change.
  // The wait counts from when the page fell behind, not from the latest news (a steady stream keeps it behind).
  const behindNow = announced > rendered;
  const [behindAWhile, setBehindAWhile] = useState(false);
  useEffect(() => {
    setBehindAWhile(false);
    if (!behindNow) return;
    const timer = setTimeout(() => setBehindAWhile(true), SAY_BEHIND_AFTER_MS);
    return () => clearTimeout(timer);
  }, [behindNow]);
  const behind = behindAWhile && behindNow;
  const note = behind ? ` · version ${announced} is out, updating view…` : LIVE_NOTE[liveState];
  return (
    <p className="sync" data-state={awaiting !== null || behind ? 'pending' : 'fresh'} role="status" aria-live="polite">
      {awaiting !== null ? `Saved as version ${awaiting}, updating view…` : `${showing}${note}`}
    </p>
  );
}
