// The subscription loop both adapters share: pull a batch after the last delivered position, hand it to the
// handler and wait for it, repeat (reading the next batch meanwhile when catching up). Adapters differ only in how they pull (Redis: blocking XREAD; SQLite: a query,
// then a wait for the next append).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RecordedEvent, Subscription, SubscriptionHandler } from './types';

/**
 * Which handler call (one batch of one subscription) the current code runs in: close() called from the batch in hand
 * cannot wait for it. A timer or promise a handler starts carries its batch's mark: once that batch is done it no
 * longer counts as inside.
 */
const inBatch = new AsyncLocalStorage<object>();

export interface Puller {
  /**
   * Events after `after`, at most `max`, in position order. May wait a while for new ones and return [] when none
   * came. Rejects on a read failure (the loop retries from the same position).
   */
  pull(after: number, max: number): Promise<RecordedEvent[]>;
  /** Interrupts a waiting pull (called by close()). */
  interrupt(): Promise<void>;
}

const RETRY_MS = [50, 100, 250, 500, 1000, 2000];

export function runSubscription(
  puller: Puller,
  options: { fromPosition: number; maxBatch: number; onError?: (error: unknown) => void },
  handler: SubscriptionHandler,
): Subscription {
  let closed = false;
  let lastPosition = options.fromPosition - 1;
  let wake: (() => void) | null = null;
  let batchInHand: object | null = null;

  const loop = async (): Promise<void> => {
    let failures = 0;
    // Read-ahead: while the handler works on a full batch (catching up), the next batch is already being read, so
    // the store's work and the handler's overlap. Only one read is ever ahead, and a failed one is retried from the
    // same position like any other.
    let ahead: { after: number; events: Promise<RecordedEvent[]> } | null = null;
    while (!closed) {
      let events: RecordedEvent[];
      try {
        const pending = ahead?.after === lastPosition ? ahead.events : null;
        ahead = null;
        events = await (pending ?? puller.pull(lastPosition, options.maxBatch));
        failures = 0;
      } catch (error) {
        if (closed) return;
        options.onError?.(error);
        const delay = RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]!;
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, delay).unref();
        });
        continue;
      }
      if (closed || events.length === 0) continue;
      const last = events[events.length - 1]!.position;
      if (events.length >= options.maxBatch) {
        ahead = { after: last, events: puller.pull(last, options.maxBatch) };
        ahead.events.catch(() => {}); // handled when awaited, or dropped after close() or a throwing handler
      }
      const batch = {};
      batchInHand = batch;
      try {
        await inBatch.run(batch, () => handler(events)); // a throw ends the loop and rejects `done`
      } finally {
        batchInHand = null;
      }
      lastPosition = last;
    }
  };

  // However the loop ends (closed, or the handler threw), the puller lets go of what it holds (Redis: its connection).
  const done = loop().finally(async () => {
    if (closed) return;
    closed = true;
    await puller.interrupt().catch(() => {});
  });
  done.catch(() => {}); // the rejection is for whoever awaits `done`; never an unhandled one
  return {
    get lastPosition() {
      return lastPosition;
    },
    done,
    async close() {
      // From inside the handler ("stop after this batch"), waiting for the loop would wait for that very handler:
      // the loop ends once it returns.
      const fromHandler = batchInHand !== null && inBatch.getStore() === batchInHand;
      if (closed) return fromHandler ? undefined : done.catch(() => {});
      closed = true;
      wake?.();
      await puller.interrupt();
      if (!fromHandler) await done.catch(() => {});
    },
  };
}
