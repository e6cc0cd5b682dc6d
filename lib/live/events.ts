// Socket.io event names, payloads and rooms, typed once for the server and the browser.
import type { OrderStatus } from '../orders/events';
import type { RebuildProgress } from '../read/rebuild';

/**
 * A hint to refetch, not the state itself: some node's read model now shows `version` of the order. Every node's
 * projector announces each change, so the same hint may come several times, from read models a moment apart.
 */
export interface OrderUpdated {
  orderId: string;
  version: number;
  status: OrderStatus;
  /** How many order events of the order's customer the read model has applied: a per-customer sequence. */
  customerSeq: number;
  /** The global position the read model reached with this change: a sequence for views of every order. */
  position: number;
}

export type SubscribeAck = { ok: true } | { ok: false; error: string };

export interface ServerToClient {
  /** The read model now shows this version of the order: a hint to refetch, not the state itself. */
  'order:updated': (p: OrderUpdated) => void;
  /** Staff only: progress of a rebuild started from the projections page. */
  'rebuild:progress': (p: RebuildProgress) => void;
  /** The server may have missed announcements (one of its Redis links reconnected): refetch what is shown. */
  resync: () => void;
  /**
   * To everyone: the read model shows new stock figures (`stock`) or catalog entries (`catalog`) for these products.
   * Pages that show their stock refetch; pages that list the catalog refetch on any catalog change (a new product).
   */
  'products:updated': (p: { stock: string[]; catalog: string[] }) => void;
  /**
   * From this node: whether it can reach the store of record. Sent when that changes, and at connection while it
   * cannot. While it cannot, what the page shows may be behind (no node's news reaches it), and the page says so.
   */
  'store:status': (p: { reachable: boolean }) => void;
  /** Staff only, from their own node every few seconds: the nodes reported again (the system page refetches). */
  'system:tick': () => void;
}

export interface ClientToServer {
  /** Join an order's room; only when the caller may see that order. */
  subscribe: (p: { orderId: string }, ack: (r: SubscribeAck) => void) => void;
  unsubscribe: (p: { orderId: string }) => void;
}

export interface SocketData {
  userId: string;
  username: string;
  staff: boolean;
  sessionId: string;
}

export const orderRoom = (orderId: string) => `order:${orderId}`;
/** Every socket of one session: where a sign-out ends them, on every node. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
export const customerRoom = (customerId: string) => `customer:${customerId}`;
export const STAFF_ROOM = 'staff';
