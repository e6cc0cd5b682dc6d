// The socket server: a connection is accepted only with a valid session cookie; it joins its customer room (and
// the staff room) at once, and an order's room on `subscribe` when it may see that order. After each projector
// commit, `order:updated` goes to the order's room, its owner's room and the staff room: nobody else.
import type { Server } from 'socket.io';
import type { Actor } from '../domain';
import type { Logger } from '../log';
import { OrderId } from '../orders/commands';
import type { OrderChange } from '../read/notifier';
import {
  type ClientToServer,
  customerRoom,
  orderRoom,
  type ServerToClient,
  type SocketData,
  STAFF_ROOM,
} from './events';

export type LiveServer = Server<ClientToServer, ServerToClient, Record<string, never>, SocketData>;

/** What the socket server needs, and nothing more. */
export interface LiveDeps {
  /** Who a Cookie header belongs to; null when nobody (no session, a bad signature, an ended session). */
  authenticate(cookieHeader: string | undefined): Actor | null | Promise<Actor | null>;
  /** Whether `actor` may see the order (it exists and is theirs, or they are staff). */
  maySee(actor: Actor, orderId: string): Promise<boolean>;
  /** Calls `listener` with each batch of changed orders the projector committed; returns a function to stop. */
  onChanges(listener: (changes: OrderChange[]) => void): () => void;
  log: Logger;
}

/** Authenticates sockets, serves subscribe/unsubscribe, and pushes changes to rooms. Returns a function that stops pushing. */
export function attachLive(io: LiveServer, deps: LiveDeps): () => void {
  io.use(async (socket, next) => {
    try {
      const actor = await deps.authenticate(socket.handshake.headers.cookie);
      if (!actor) return next(new Error('unauthorized: sign in first'));
      socket.data = { username: actor.id, staff: actor.staff };
      next();
    } catch (err) {
      deps.log.error({ err }, 'socket authentication failed');
      next(new Error('could not check the session; try again'));
    }
  });

  io.on('connection', (socket) => {
    void socket.join(customerRoom(socket.data.username));
    if (socket.data.staff) void socket.join(STAFF_ROOM);

    socket.on('subscribe', async (payload, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      const id = OrderId.safeParse(payload?.orderId);
      if (!id.success) return reply({ ok: false, error: 'orderId must be an order id (a UUID)' });
      try {
        const actor = { id: socket.data.username, staff: socket.data.staff };
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

  return deps.onChanges((changes) => {
    for (const c of changes) {
      io.to(orderRoom(c.orderId))
        .to(customerRoom(c.customerId))
        .to(STAFF_ROOM)
        .emit('order:updated', { orderId: c.orderId, version: c.version, status: c.status });
    }
  });
}
