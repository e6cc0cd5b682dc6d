// The reservations process manager at work: one active instance across every node and process (a lease in the
// store of record), following the global log from its own checkpoint (also in the store of record), handling each
// order event in log order with the pure decisions of reservations.ts and the generic command handler. What it
// sends carries ids derived from the triggering event, and the stock records a refusal as an event, so handling an
// event again (after a crash, a lost lease, a redelivery) sends the same commands and gets the same answers: every
// effect happens exactly once. Rebuilding read models never touches it.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import pLimit from 'p-limit';
import { aggregateStream } from '../eventstore/aggregate-stream';
import type { EventStore, RecordedEvent, Subscription } from '../eventstore/types';
import { stockStream } from '../inventory/events';
import { available, stockStreamFolder } from '../inventory/stock';
import type { Logger } from '../log';
import { isOrderStream, orderIdOfStream } from '../orders/events';
import { orderStreamFolder } from '../orders/order';
import type { CommandMeta, CommandResult, HandlerDeps } from '../write/handler';
import { commandEventId } from '../write/ids';
import { handleOrderCommand, type OrderWriteDeps } from '../write/order-commands';
import { handleStockCommand } from '../write/stock-commands';
import {
  type LineOutcome,
  onConfirmRefused,
  onOrderEvent,
  onReservations,
  onUnstockedOrderEvent,
  type ProcessCommand,
  processCommandId,
  RESERVATIONS,
  type Trigger,
} from './reservations';
import type { ProcessState } from './state';

/** The process's name: its lease and checkpoint in the store of record. */
export const RESERVATIONS_PROCESS = 'reservations';

/** The order events the process acts on. */
const TRIGGERS: ReadonlySet<string> = new Set<Trigger['type']>(['OrderSubmitted', 'OrderCancelled', 'OrderShipped']);

export interface ReservationsDeps {
  store: EventStore;
  state: ProcessState;
  log: Logger;
  /** How order commands are handled (the catalog lookup is not used by the process's commands). */
  orders: OrderWriteDeps;
  /** How stock commands are handled. */
  stock: HandlerDeps;
  owner?: string;
  /** The lease's time to live (ms), renewed every third of it; default 10 s. */
  leaseTtlMs?: number;
  maxBatch?: number;
  /** Orders handled at once within a batch (default 8); 1 handles them strictly in log order. */
  concurrency?: number;
  /** Told of each order event handled: its type and the seconds it took (metrics). */
  onHandled?(type: string, seconds: number): void;
}

class LeaseLost extends Error {}

/** A command the process could not get an answer for: the batch is handled again later. */
export class ProcessStepFailed extends Error {
  override name = 'ProcessStepFailed';
}

export class ReservationsProcess {
  readonly owner: string;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private subscription: Subscription | null = null;
  private wake: (() => void) | null = null;
  private holding = false;

  constructor(private readonly d: ReservationsDeps) {
    this.owner = d.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  /** Starts in the background: waits for the lease, then follows the log until stop(). */
  start(): void {
    this.loop ??= this.run();
  }

  /** Whether this instance holds the lease now. */
  get active(): boolean {
    return this.holding;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.subscription?.close();
    await this.loop;
    await this.d.state.release(RESERVATIONS_PROCESS, this.owner).catch(() => {});
  }

  private async run(): Promise<void> {
    const ttl = this.d.leaseTtlMs ?? 10_000;
    let waitLogged = false;
    while (!this.stopped) {
      let got = false;
      try {
        got = await this.d.state.acquire(RESERVATIONS_PROCESS, this.owner, ttl);
      } catch (err) {
        this.d.log.warn({ err }, 'reservations: could not reach the store for the lease; trying again');
      }
      if (got && this.stopped) {
        // Stopped while the lease was being taken: give it back rather than follow the log.
        await this.d.state.release(RESERVATIONS_PROCESS, this.owner).catch(() => {});
        break;
      }
      if (!got) {
        if (!waitLogged) {
          const h = await this.d.state.holder(RESERVATIONS_PROCESS).catch(() => null);
          this.d.log.info(
            `reservations ${this.owner}: waiting for the lease held by ${h?.owner ?? 'another instance'}`,
          );
          waitLogged = true;
        }
        await this.sleep(Math.round(ttl / 3));
        continue;
      }
      waitLogged = false;
      this.holding = true;
      this.d.log.info(`reservations ${this.owner}: holds the lease; following the log`);
      const lost = await this.follow(ttl);
      this.holding = false;
      if (this.stopped) break;
      if (lost) this.d.log.warn(`reservations ${this.owner}: lost the lease; waiting to get it back`);
      await this.sleep(Math.round(ttl / 3));
    }
  }

  /** Follows the log from the checkpoint while the lease is held; returns true when the lease was lost. */
  private async follow(ttl: number): Promise<boolean> {
    const { state, store, log } = this.d;
    let lost = false;
    const renew = setInterval(
      () => {
        state.acquire(RESERVATIONS_PROCESS, this.owner, ttl).then(
          (held) => {
            if (!held) {
              lost = true;
              void this.subscription?.close();
            }
          },
          (err: unknown) => log.warn({ err }, 'reservations: renewing the lease failed'),
        );
      },
      Math.round(ttl / 3),
    );
    try {
      await this.firstRun();
      const from = await state.checkpoint(RESERVATIONS_PROCESS);
      log.info(`reservations: following the log from position ${from + 1}`);
      const sub = store.subscribeToAll(
        {
          fromPosition: from + 1,
          maxBatch: this.d.maxBatch ?? 100,
          onError: (err) => log.warn({ err }, 'reservations: reading the log failed; retrying'),
        },
        async (events) => {
          // Orders are independent of each other: up to `concurrency` are handled at once, each order's own events
          // in log order. The stock's expected versions keep contended products right; the checkpoint moves only
          // when the whole batch is done.
          const byOrder = new Map<string, RecordedEvent[]>();
          for (const e of events) {
            const own = byOrder.get(e.streamId);
            if (own) own.push(e);
            else byOrder.set(e.streamId, [e]);
          }
          const limit = pLimit(this.d.concurrency ?? 8);
          await Promise.all(
            [...byOrder.values()].map((own) =>
              limit(async () => {
                for (const event of own) {
                  if (lost || this.stopped) throw new LeaseLost();
                  await this.handle(event);
                }
              }),
            ),
          );
          if (!(await state.saveCheckpoint(RESERVATIONS_PROCESS, this.owner, events.at(-1)!.position))) {
            lost = true;
            throw new LeaseLost();
          }
        },
      );
      this.subscription = sub;
      await sub.done;
    } catch (error) {
      if (!(error instanceof LeaseLost) && !this.stopped) {
        // Handled again from the checkpoint after a pause: every command it sends is idempotent.
        log.error({ err: error }, 'reservations: handling the log failed; starting again from the checkpoint');
      }
    } finally {
      clearInterval(renew);
      this.subscription = null;
    }
    return lost;
  }

  /**
   * Handles one event of the log: an order submitted, cancelled or shipped; anything else is not the process's
   * business.
   */
  async handle(event: RecordedEvent): Promise<void> {
    if (!TRIGGERS.has(event.type) || !isOrderStream(event.streamId)) return;
    const started = performance.now();
    const orderId = orderIdOfStream(event.streamId);
    // The order as it was just before this event: its lines, and for a cancel whether anything could be held.
    const { state: before } = await aggregateStream(this.d.store, event.streamId, orderStreamFolder, {
      toVersion: event.version - 1,
    });
    if (before.status === 'none') return;
    if (event.type === 'OrderCancelled' && before.status !== 'submitted' && before.status !== 'confirmed') return;
    if (event.type === 'OrderShipped' && before.status !== 'confirmed') return;
    const type = event.type as Trigger['type'];
    const trigger: Trigger = { eventId: event.eventId, type, orderId, lines: before.lines };
    const meta = (c: ProcessCommand): CommandMeta => ({
      commandId: c.commandId,
      actor: RESERVATIONS,
      correlationId: typeof event.metadata.correlationId === 'string' ? event.metadata.correlationId : undefined,
      causationId: event.eventId,
    });
    const send = async (c: ProcessCommand): Promise<CommandResult> => {
      const result =
        c.context === 'inventory'
          ? await handleStockCommand(this.d.stock, c.command, meta(c))
          : await handleOrderCommand(this.d.orders, c.command, meta(c));
      if (!result.ok && result.kind === 'conflict') {
        throw new ProcessStepFailed(`${c.command.type} for ${orderId} kept conflicting: ${result.message}`);
      }
      return result;
    };

    const done = () => this.d.onHandled?.(event.type, (performance.now() - started) / 1000);
    // Written before stock was kept here: a submit was accepted as it was (confirmed, nothing held); a cancel had
    // nothing held to release.
    if (event.position <= (await this.firstRun())) {
      await Promise.all(onUnstockedOrderEvent(trigger).map(send));
      return done();
    }
    const first = onOrderEvent(trigger);
    await Promise.all(first.map(send));
    if (type !== 'OrderSubmitted') return done();

    const outcomes = await Promise.all(trigger.lines.map((l) => this.outcomeOf(trigger, l.productId, l.quantity)));
    for (const c of onReservations(trigger, outcomes)) {
      const result = await send(c);
      if (!result.ok && c.command.type === 'ConfirmOrder' && result.code === 'AlreadyCancelled') {
        await Promise.all(onConfirmRefused(trigger).map(send));
      }
    }
    done();
  }

  private firstRunPosition: number | null = null;

  /** Where the log stood when the process first existed on this store (see ProcessState.firstRun). */
  private async firstRun(): Promise<number> {
    this.firstRunPosition ??= await this.d.state.firstRun(RESERVATIONS_PROCESS, await this.d.store.headPosition());
    return this.firstRunPosition;
  }

  /** What the stock recorded for this order's reservation of `productId` (the reserve command's event). */
  private async outcomeOf(t: Trigger, productId: string, quantity: number): Promise<LineOutcome> {
    const commandId = processCommandId(t, 'reserve', productId);
    const recorded = await this.d.store.readEvent(commandEventId(RESERVATIONS.id, commandId, 0));
    if (recorded?.type === 'StockReserved') return { productId, reserved: true };
    if (recorded?.type === 'ReservationRefused') {
      const data = recorded.data as { quantity: number; available: number };
      return { productId, reserved: false, requested: data.quantity, available: data.available };
    }
    // Nothing recorded by this command: the stock already had an answer for this order; read it from the stock.
    const { state } = await aggregateStream(this.d.store, stockStream(productId), stockStreamFolder);
    if (state.reservations[t.orderId] !== undefined) return { productId, reserved: true };
    return { productId, reserved: false, requested: quantity, available: Math.max(0, available(state)) };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
