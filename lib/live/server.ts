// The socket server: a connection is accepted only with a live session; it joins its customer room, its session's
// room (and the staff room) at once, and an order's room on `subscribe` when it may see that order and its session
// is still open. A socket lives only as long as its session: it is disconnected when the session expires, and on
// every node at once when the session ends (sign-out). After each projector commit `order:updated` goes to the
// order's room, its owner's room and the staff room: nobody else.
import type { Server } from 'socket.io';
import type { Actor } from '../domain';
import type { Logger } from '../log';
import { contextFrom, SpanKind, tracer } from '../observability/spans';
import { OrderId } from '../orders/commands';
import type { OrderChange, ProductsChanged } from '../read/notifier';
import {
  type ClientToServer,
  customerRoom,
  orderRoom,
  type ServerToClient,
  type SocketData,
  STAFF_ROOM,
  sessionRoom,
} from './events';

export type LiveServer = Server<ClientToServer, ServerToClient, Record<string, never>, SocketData>;

/** What the socket server needs, and nothing more. */
export interface LiveDeps {
  /** The session a Cookie header carries, with its user; null when none (no cookie, bad signature, ended). */
  authenticate(
    cookieHeader: string | undefined,
  ): Promise<{ actor: Actor & { name: string }; sessionId: string; expiresAt: Date } | null>;
  /** Whether the session is still open, on any node. */
  sessionIsOpen(sessionId: string): Promise<boolean>;
  /** Whether `actor` may see the order (it exists and is theirs, or they are staff). */
  maySee(actor: Actor, orderId: string): Promise<boolean>;
  /** Whether this node reaches its store of record now (a new socket hears at once when it does not). */
  storeReachable?: () => boolean;
  log: Logger;
}

/** The longest a timer can wait in Node (about 24.8 days); longer sessions are checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Authenticates sockets, keeps each one to its session's life, and serves subscribe/unsubscribe. */
export function attachLive(io: LiveServer, deps: LiveDeps): void {
  io.use(async (socket, next) => {
    try {
      const session = await deps.authenticate(socket.handshake.headers.cookie);
      if (!session) return next(new Error('unauthorized: sign in first'));
      const { actor, sessionId, expiresAt } = session;
      socket.data = { userId: actor.id, username: actor.name, staff: actor.staff, sessionId };
      // Ends with its session: when the session expires (this node's own timer), not a moment later. A session longer
      // than a timer can wait is checked again when the timer fires.
      let timer: NodeJS.Timeout;
      const arm = () => {
        const left = expiresAt.getTime() - Date.now();
        if (left <= 0) return void socket.disconnect(true);
        timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
      };
      arm();
      socket.once('disconnect', () => clearTimeout(timer));
      next();
    } catch (err) {
      deps.log.error({ err }, 'socket authentication failed');
      next(new Error('could not check the session; try again'));
    }
  });

  io.on('connection', (socket) => {
    void socket.join([customerRoom(socket.data.userId), sessionRoom(socket.data.sessionId)]);
    if (socket.data.staff) void socket.join(STAFF_ROOM);
    if (deps.storeReachable?.() === false) socket.emit('store:status', { reachable: false });

    socket.on('subscribe', async (payload, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      const id = OrderId.safeParse(payload?.orderId);
      if (!id.success) return reply({ ok: false, error: 'orderId must be an order id (a UUID)' });
      try {
        if (!(await deps.sessionIsOpen(socket.data.sessionId))) {
          reply({ ok: false, error: 'your session has ended: sign in again' });
          socket.disconnect(true);
          return;
        }
        const actor = { id: socket.data.userId, staff: socket.data.staff };
        if (!(await deps.maySee(actor, id.data))) return reply({ ok: false, error: 'order not found' });
        await socket.join(orderRoom(id.data));
        reply({ ok: true });
      } catch (err) {
        deps.log.error({ err }, 'socket subscribe failed');
        reply({ ok: false, error: 'could not subscribe; try again' });
      }
    });

    socket.on('unsubscribe', (payload) => {
      const id = OrderId.safeParse(payload?.orderId);
      if (id.success) void socket.leave(orderRoom(id.data));
    });
  });
}

/**
 * Disconnects this node's sockets whose session has ended (a sign-out announced while this node could not hear it:
 * its Redis link was down, or it was paused past the adapter stream's length). Returns how many it disconnected.
 */
export async function recheckSessions(
  io: LiveServer,
  sessionIsOpen: LiveDeps['sessionIsOpen'],
  log: Logger,
): Promise<number> {
  let ended = 0;
  const checked = new Map<string, Promise<boolean>>();
  for (const socket of io.of('/').sockets.values()) {
    const id = socket.data.sessionId;
    if (!checked.has(id))
      checked.set(
        id,
        sessionIsOpen(id).catch(() => true),
      ); // unknown: keep until next time
    if (!(await checked.get(id))) {
      socket.disconnect(true);
      ended++;
    }
  }
  if (ended > 0) log.info(`live: disconnected ${ended} socket(s) whose session had ended`);
  return ended;
}

/** How often every socket's session is checked again, as a backstop to the sign-out broadcast. */
export const SESSION_RECHECK_MS = 60_000;
/** A timer this late means the process was paused (SIGSTOP, a long GC, a blocked loop). */
const PAUSE_MS = 5_000;

/**
 * Keeps this node's sockets honest when it may have missed something: every SESSION_RECHECK_MS, and at once after a
 * pause of the process or a reconnect of one of its Redis links (call `afterGap`), ended sessions are disconnected;
 * after a pause pages are told to `resync` (refetch). Returns `afterGap` and a function that stops the watch.
 */
export function watchLiveness(io: LiveServer, sessionIsOpen: LiveDeps['sessionIsOpen'], log: Logger) {
  const afterGap = (why: string) => {
    io.local.emit('resync');
    void recheckSessions(io, sessionIsOpen, log).catch((err: unknown) =>
      log.warn({ err }, `live: ${why}: recheck failed`),
    );
  };
  let last = Date.now();
  const tick = setInterval(() => {
    const now = Date.now();
    if (now - last > PAUSE_MS) {
      log.warn(
        `live: this process was paused for ${((now - last) / 1000).toFixed(1)} s; pages resync, sessions rechecked`,
      );
      afterGap('after a pause');
    }
    last = now;
  }, 1000);
  const sweep = setInterval(() => {
    void recheckSessions(io, sessionIsOpen, log).catch((err: unknown) =>
      log.warn({ err }, 'live: session recheck failed'),
    );
  }, SESSION_RECHECK_MS);
  tick.unref();
  sweep.unref();
  return {
    afterGap,
    stop: () => {
      clearInterval(tick);
      clearInterval(sweep);
    },
  };
}

/** Disconnects every socket of the session, on every node (through the adapter). */
export function endSessionSockets(io: Pick<LiveServer, 'in'>, sessionId: string): void {
  io.in(sessionRoom(sessionId)).disconnectSockets(true);
}

/** Announces new stock figures or catalog entries to every socket (both public), through the adapter to every node. */
export function announceProducts(io: Pick<LiveServer, 'emit'>, changed: ProductsChanged): void {
  io.emit('products:updated', changed);
}

/**
 * Announces committed changes to the rooms that may hear them: the order's, its owner's and staff. `io` is the
 * web server's socket.io server, or a projector's emitter (a socket.io server without sockets, on the same adapter).
 */
export function announce(
  io: Pick<LiveServer, 'to'>,
  changes: readonly OrderChange[],
  observer?: { pushed(event: string, count: number): void },
): void {
  for (const c of changes) {
    const push = () =>
      io.to(orderRoom(c.orderId)).to(customerRoom(c.customerId)).to(STAFF_ROOM).emit('order:updated', {
        orderId: c.orderId,
        version: c.version,
        status: c.status,
        customerSeq: c.customerSeq,
        position: c.position,
      });
    // A traced change: the push is a span in the trace of the command that made it (see the projector).
    const parent = contextFrom(c.trace);
    if (parent) {
      const span = tracer().startSpan(
        'push order:updated',
        { kind: SpanKind.PRODUCER, attributes: { 'orderly.order.version': c.version, 'orderly.position': c.position } },
        parent,
      );
      push();
      span.end();
    } else push();
  }
  observer?.pushed('order:updated', changes.length);
}
