// The socket server: a connection is accepted only with a valid session cookie; it joins its customer room (and
// the staff room) at once, and an order's room on `subscribe` when it may see that order. After each projector
// commit, `order:updated` goes to the order's room, its owner's room and the staff room: nobody else.
import type { Server } from 'socket.io';
import type { Runtime } from '../runtime';
import { currentActor } from '../web/api';
import { OrderId } from '../write/commands';
import { loadVisibleOrder } from '../write/load';
import {
  type ClientToServer,
  customerRoom,
  orderRoom,
  type ServerToClient,
  type SocketData,
  STAFF_ROOM,
} from './events';

export type LiveServer = Server<ClientToServer, ServerToClient, Record<string, never>, SocketData>;

export function attachLive(io: LiveServer, rt: Runtime): () => void {
  io.use((socket, next) => {
    const actor = currentActor(rt, socket.handshake.headers.cookie ?? null);
    if (!actor) return next(new Error('unauthorized: sign in first'));
    socket.data = { username: actor.id, staff: actor.staff };
    next();
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
        if (!(await loadVisibleOrder(rt.store, id.data, actor))) return reply({ ok: false, error: 'order not found' });
        await socket.join(orderRoom(id.data));
        reply({ ok: true });
      } catch (err) {
        rt.log.error({ err }, 'socket subscribe failed');
        reply({ ok: false, error: 'could not subscribe; try again' });
      }
    });

    socket.on('unsubscribe', (payload) => {
      const id = OrderId.safeParse(payload?.orderId);
      if (id.success) void socket.leave(orderRoom(id.data));
    });
  });

  return rt.notifier.onChanges((changes) => {
    for (const c of changes) {
      io.to(orderRoom(c.orderId))
        .to(customerRoom(c.customerId))
        .to(STAFF_ROOM)
        .emit('order:updated', { orderId: c.orderId, version: c.version, status: c.status });
    }
  });
}
