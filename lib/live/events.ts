// Socket.io event names, payloads and rooms, typed once for the server and the browser.
import type { OrderStatus } from '../orders/events';
import type { RebuildProgress } from '../read/rebuild';

export interface OrderUpdated {
  orderId: string;
  version: number;
  status: OrderStatus;
}

export type SubscribeAck = { ok: true } | { ok: false; error: string };

export interface ServerToClient {
  /** The read model now shows this version of the order: a hint to refetch, not the state itself. */
  'order:updated': (p: OrderUpdated) => void;
  /** Staff only: progress of a rebuild started from the projections page. */
  'rebuild:progress': (p: RebuildProgress) => void;
}

export interface ClientToServer {
  /** Join an order's room; only when the caller may see that order. */
  subscribe: (p: { orderId: string }, ack: (r: SubscribeAck) => void) => void;
  unsubscribe: (p: { orderId: string }) => void;
}

export interface SocketData {
  username: string;
  staff: boolean;
}

export const orderRoom = (orderId: string) => `order:${orderId}`;
export const customerRoom = (customerId: string) => `customer:${customerId}`;
export const STAFF_ROOM = 'staff';
