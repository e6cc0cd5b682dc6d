// After each committed batch the projector announces which orders changed and the version the read model now
// shows for them. Live push (socket.io) and read-your-writes waits listen here.
import { EventEmitter } from 'node:events';
import type { OrderStatus } from '../orders/events';

export interface OrderChange {
  orderId: string;
  customerId: string;
  version: number;
  status: OrderStatus;
  /** The customer's order events applied so far (a per-customer sequence, the same on every node). */
  customerSeq: number;
  /** The global position the read model reached with this batch. */
  position: number;
  /**
   * The trace context (W3C headers) of the projector's work on the order's last event in the batch, when that event
   * was traced: the push continues its trace. Never sent to browsers.
   */
  trace?: Record<string, string>;
}

/** Products whose stock figures (`stock`) or catalog entries (`catalog`: named, priced, listed, retired) changed. */
export interface ProductsChanged {
  stock: string[];
  catalog: string[];
}

export interface Notifier {
  announce(changes: OrderChange[]): void;
  /** The read model now shows new stock figures or catalog entries for these products. */
  announceProducts?(changed: ProductsChanged): void;
}

/** In-process notifier: listeners get every announced batch. */
export class LocalNotifier implements Notifier {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  announce(changes: OrderChange[]): void {
    if (changes.length > 0) this.emitter.emit('changes', changes);
  }

  /** Returns a function that removes the listener. */
  onChanges(listener: (changes: OrderChange[]) => void): () => void {
    this.emitter.on('changes', listener);
    return () => this.emitter.off('changes', listener);
  }
}
