// The projector: holds the lease, follows the global log from the projections' checkpoint (catch-up, then live), and
// applies each batch to every projection inside ONE transaction that also moves the checkpoints: at least once in,
// exactly once in effect. The batch is folded once (order-state.ts) for all projections. After each commit it
// announces the changed orders. A projection whose writer fails stops with a log line naming the event; the others
// go on. Projections that disagree with the folded state (one stopped earlier, or the state's schema changed) are
// rebuilt from the log when the lease is taken, before projecting resumes.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { inArray } from 'drizzle-orm';
import type { AppDb } from '../../db/client';
import type { EventStore, RecordedEvent, Subscription } from '../eventstore/types';
import type { Logger } from '../log';
import { type Context, contextFrom, type Link, trace, traceHeaders, tracer } from '../observability/spans';
import { ORDER_STATE_SCHEMA_VERSION } from '../orders/order';
import { checkpointVersion, readCheckpoint, writeCheckpoint } from './checkpoints';
import { Lease } from './lease';
import type { Notifier } from './notifier';
import {
  type BatchOutcome,
  ORDER_STATE,
  openProjections,
  PROJECTIONS,
  type Projection,
  ProjectionError,
  type ProjectionName,
} from './projections';
import { hasStaleOrderState } from './projections/order-state/fold';
import { customerStats } from './projections/orders/tables';
import { rebuildProjections } from './rebuild';

export type ProjectionState = 'waiting_for_lease' | 'rebuilding' | 'running' | 'failed' | 'stopped';

export interface ProjectionStatus {
  name: string;
  state: ProjectionState;
  checkpoint: number;
  /** Batches this projector committed since it started. */
  batches: number;
  /** ms between the last applied event's recordedAt and the commit of its batch. */
  lastLagMs: number | null;
  error: string | null;
}

/** Told what the projector does (metrics; see lib/observability). Called synchronously, must not throw. */
export interface ProjectorObserver {
  /** A batch was committed: its events and the seconds from receipt to commit. */
  batch(events: number, seconds: number): void;
  /** A projection stopped on a failure (its name), or every one (`all`). */
  failed(projection: string): void;
  /** The projector rebuilt its projections from the log (this many events) before following it again. */
  rebuilt?(events: number): void;
}

export interface ProjectorOptions {
  observer?: ProjectorObserver;
  db: AppDb;
  store: EventStore;
  log: Logger;
  notifier?: Notifier;
  projections?: readonly Projection[];
  owner?: string;
  maxBatch?: number;
  leaseTtlMs?: number;
  /** Wait this long before each batch (PROJECTION_DELAY_MS): makes eventual consistency visible. */
  delayMs?: number;
}

class LeaseLost extends Error {}
class CheckpointMoved extends Error {}

interface Running {
  projection: Projection;
  status: ProjectionStatus;
}

/** Each customer's sequence (order events applied) as the read model has it now. */
function customerSequences(db: AppDb, customerIds: string[]): Map<string, number> {
  const rows = db
    .select({ id: customerStats.customerId, events: customerStats.events })
    .from(customerStats)
    .where(inArray(customerStats.customerId, customerIds))
    .all();
  return new Map(rows.map((r) => [r.id, r.events]));
}

export class Projector {
  readonly owner: string;
  private readonly lease: Lease;
  private readonly running: Running[];
  private readonly projections: readonly Projection[];
  private subscription: Subscription | null = null;
  /** The position this projector last committed (or resumed from). */
  private position = 0;
  private stopped = false;
  private renewTimer: NodeJS.Timeout | null = null;
  private waitLogged = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private leaseLost: () => void = () => {};
  private restarting = false;
  /** Set when a failure asks for one rebuild from the log (the read model itself may be damaged). */
  private rebuildNext: string | null = null;
  /** The position at which a failure last led to a rebuild: the same failure again stops the projections. */
  private rebuiltAfterFailureAt: number | null = null;
  private readonly listeners = new Set<(status: ProjectionStatus[]) => void>();

  constructor(private readonly o: ProjectorOptions) {
    this.owner = o.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.lease = new Lease(o.db, this.owner, o.leaseTtlMs ?? 10_000);
    this.projections = o.projections ?? PROJECTIONS;
    this.running = this.projections.map((projection) => ({
      projection,
      status: {
        name: projection.name,
        state: 'waiting_for_lease',
        checkpoint: readCheckpoint(o.db, projection.name),
        batches: 0,
        lastLagMs: null,
        error: null,
      },
    }));
  }

  /** Starts in the background: waits for the lease, then projects until stop(). */
  start(): void {
    this.loop ??= this.run();
  }

  status(): ProjectionStatus[] {
    return this.running.map((r) => ({ ...r.status }));
  }

  /** Called after every change of status (commits included). Returns an unsubscribe function. */
  onStatus(listener: (status: ProjectionStatus[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get holdsLease(): boolean {
    return this.running.some((r) => r.status.state === 'running' || r.status.state === 'rebuilding');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.closeSubscription();
    await this.loop;
    if (this.renewTimer) clearInterval(this.renewTimer);
    try {
      this.lease.release();
      this.o.log.info(`projector ${this.owner}: stopped; released the lease`);
    } catch {
      // the database may already be closed by the caller; the lease then simply expires
    }
    for (const r of this.running) if (r.status.state !== 'failed') r.status.state = 'stopped';
  }

  private async run(): Promise<void> {
    const ttl = this.lease.ttlMs;
    while (!this.stopped) {
      if (!this.lease.tryAcquire()) {
        if (!this.waitLogged) {
          const h = this.lease.holder();
          this.o.log.info(
            `projector ${this.owner}: waiting for the lease held by ${h?.owner ?? 'another projector'}` +
              (h ? ` (expires in ${Math.max(0, Math.round((h.expiresAt - Date.now()) / 1000))} s unless renewed)` : ''),
          );
          this.waitLogged = true;
        }
        await this.sleep(Math.max(50, Math.round(ttl / 3)));
        continue;
      }
      this.waitLogged = false;
      this.o.log.info(`projector ${this.owner}: holds the lease; projecting ${this.names(this.running).join(', ')}`);
      const lost = new Promise<void>((resolve) => {
        this.renewTimer = setInterval(
          () => {
            let ok = false;
            try {
              ok = this.lease.renew();
            } catch (error) {
              this.o.log.error({ err: error }, 'projector: renewing the lease failed');
            }
            if (!ok) resolve();
            else {
              this.followMovedCheckpoint();
              void this.followLogHead();
            }
          },
          Math.max(20, Math.round(ttl / 3)),
        );
        this.wake = resolve;
        this.leaseLost = resolve;
      });
      await this.resume().catch((error: unknown) => this.failAll(error));
      await lost;
      if (this.renewTimer) clearInterval(this.renewTimer);
      await this.closeSubscription();
      if (!this.stopped) {
        this.o.log.warn(`projector ${this.owner}: lost the lease; stopped writing and waiting to get it back`);
        for (const r of this.running) if (r.status.state !== 'failed') this.setState(r, 'waiting_for_lease');
      }
    }
  }

  /** Rebuilds first when the projections disagree with the folded state, then subscribes from their checkpoint. */
  private async resume(): Promise<void> {
    const base = readCheckpoint(this.o.db, ORDER_STATE);
    const off = this.running.filter((r) => readCheckpoint(this.o.db, r.projection.name) !== base);
    const outdated = this.running.filter(
      (r) => base > 0 && checkpointVersion(this.o.db, r.projection.name) !== r.projection.version,
    );
    const stale = hasStaleOrderState(this.o.db);
    // The log's head, to notice one that went back behind the read model; unknown while the store is out of reach.
    const head = await this.o.store.headPosition().catch(() => Number.POSITIVE_INFINITY);
    const forced = this.rebuildNext;
    this.rebuildNext = null;
    if (off.length > 0 || outdated.length > 0 || stale || base > head || forced) {
      const why = forced
        ? forced
        : base > head
          ? `the log now ends at ${head}, before the read model's checkpoint (${base}): the store lost events (restored from a backup, failed over to a replica that was behind)`
          : stale
            ? 'the saved order state was folded by code of another schema version'
            : off.length > 0
              ? `${this.names(off).join(', ')} stand${off.length === 1 ? 's' : ''} at another position than the folded state (${base})`
              : `${this.names(outdated).join(', ')} ${outdated.length === 1 ? 'was' : 'were'} written by another version of the code`;
      this.o.log.warn(
        `projector ${this.owner}: ${why}; rebuilding ${this.names(this.running).join(', ')} from the log`,
      );
      for (const r of this.running) this.setState(r, 'rebuilding');
      const result = await rebuildProjections(this.o.db, this.o.store, this.projections);
      this.o.observer?.rebuilt?.(result.events);
      this.o.log.info(
        `projector ${this.owner}: rebuilt from ${result.events} events in ${result.seconds.toFixed(1)} s (position ${result.position})`,
      );
    }
    if (this.stopped) return;
    this.position = readCheckpoint(this.o.db, ORDER_STATE);
    for (const r of this.running) {
      r.status.checkpoint = this.position;
      r.status.error = null;
      this.setState(r, 'running');
    }
    this.subscribe();
  }

  private subscribe(): void {
    const { db } = this.o;
    const applier = openProjections(db, this.projections);
    const tx = db.$client.transaction((events: RecordedEvent[]) => {
      if (!this.lease.held()) throw new LeaseLost();
      const checkpoint = readCheckpoint(db, ORDER_STATE);
      const fresh = events.filter((e) => e.position > checkpoint);
      if (fresh.length === 0) return null;
      // Someone else (a rebuild's swap) moved the checkpoint back: read again from there, or events would be lost.
      if (fresh[0]!.position !== checkpoint + 1) throw new CheckpointMoved();
      const active = new Set<ProjectionName>(
        this.running.filter((r) => r.status.state === 'running').map((r) => r.projection.name),
      );
      const outcome = applier.apply(fresh, active);
      const position = fresh[fresh.length - 1]!.position;
      writeCheckpoint(db, ORDER_STATE, position, ORDER_STATE_SCHEMA_VERSION);
      for (const { projection: p } of this.running) {
        if (active.has(p.name) && !outcome.failed.has(p.name)) writeCheckpoint(db, p.name, position, p.version);
      }
      return { outcome, position, last: fresh[fresh.length - 1]! };
    });
    const sub = this.o.store.subscribeToAll(
      {
        fromPosition: this.position + 1,
        maxBatch: this.o.maxBatch ?? 500,
        onError: (err) => this.o.log.warn({ err }, 'projector: reading the log failed; retrying'),
      },
      async (events) => {
        if (this.o.delayMs) await new Promise((res) => setTimeout(res, this.o.delayMs));
        const started = performance.now();
        const traced = traceBatch(events);
        try {
          const done = tx.immediate(events);
          if (done) {
            this.o.observer?.batch(events.length, (performance.now() - started) / 1000);
            this.committed(done.outcome, done.position, done.last, traced.projected);
          }
        } finally {
          traced.end();
        }
      },
    );
    this.subscription = sub;
    sub.done.catch((error: unknown) => {
      if (this.subscription !== sub) return;
      this.subscription = null;
      if (error instanceof CheckpointMoved) {
        this.o.log.info('projector: the checkpoint was moved (a rebuild was swapped in); resuming from it');
        void this.restart();
        return;
      }
      if (error instanceof LeaseLost) {
        this.leaseLost();
        return;
      }
      this.recoverOrFail(error);
    });
  }

  private committed(
    outcome: BatchOutcome,
    position: number,
    last: RecordedEvent,
    projected: ReadonlyMap<string, Context>,
  ): void {
    this.position = position;
    const lagMs = Date.now() - Date.parse(last.recordedAt);
    for (const r of this.running) {
      if (r.status.state !== 'running') continue;
      const failure = outcome.failed.get(r.projection.name);
      if (failure) {
        r.status.error = failure.message;
        r.status.state = 'failed';
        this.o.observer?.failed(r.projection.name);
        this.o.log.error(
          { err: failure.cause },
          `${failure.message}. It is stopped; the other projections go on (a rebuild brings it back).`,
        );
        continue;
      }
      r.status.checkpoint = position;
      r.status.batches++;
      r.status.lastLagMs = lagMs;
    }
    const { stock, catalog } = outcome.products;
    if (stock.length + catalog.length > 0) this.o.notifier?.announceProducts?.(outcome.products);
    if (this.o.notifier && outcome.changes.length > 0) {
      const seqs = customerSequences(this.o.db, [...new Set(outcome.changes.map((c) => c.customerId))]);
      this.o.notifier.announce(
        outcome.changes.map(({ trace, ...c }) => {
          // The push continues the trace of the projector's work on the event (see traceBatch).
          const ctx = trace && projected.get(trace.traceparent!);
          return {
            ...c,
            position,
            customerSeq: seqs.get(c.customerId) ?? 0,
            ...(ctx ? { trace: traceHeaders(ctx) } : {}),
          };
        }),
      );
    }
    this.emitStatus();
  }

  /**
   * A batch could not be applied at all. The cause may be the read model itself (a saved state damaged in a way the
   * integrity check cannot see): rebuild once from the log. If the same failure comes back at the same position, the
   * cause is in the log (an unreadable event): every projection stops, and health says so.
   */
  private recoverOrFail(error: unknown): void {
    if (this.rebuiltAfterFailureAt === this.position || this.stopped) {
      this.failAll(error);
      return;
    }
    this.rebuiltAfterFailureAt = this.position;
    const detail = error instanceof ProjectionError ? error.message : (error as Error).message;
    this.o.log.error(
      { err: error instanceof ProjectionError ? error.cause : error },
      `projector: a batch after ${this.position} failed (${detail}); rebuilding from the log in case the read model is damaged`,
    );
    this.rebuildNext = `a batch failed (${detail.slice(0, 200)})`;
    void this.restart();
  }

  /** The log went back behind the read model (Redis restored from a backup): rebuild, and follow the new log. */
  private async followLogHead(): Promise<void> {
    if (!this.subscription || this.restarting) return;
    // The position as it is before the head is read: a batch committed while the head is on its way moves the
    // position past a head read earlier, which is no loss.
    const position = this.position;
    let head: number;
    try {
      head = await this.o.store.headPosition();
    } catch {
      return; // the store is out of reach: the subscription retries, and so will this
    }
    if (head >= position || this.restarting) return;
    this.o.log.error(
      `projector: the log now ends at ${head}, before the read model's position (${position}): the store lost events; rebuilding from the log`,
    );
    void this.restart();
  }

  /** Every running projection stops: the batch could not be applied at all (an unreadable event, a broken database). */
  private failAll(error: unknown): void {
    this.o.observer?.failed('all');
    const detail = error instanceof ProjectionError ? error.message : `projector failed: ${(error as Error).message}`;
    for (const r of this.running) {
      if (r.status.state === 'failed') continue;
      r.status.error = detail;
      r.status.state = 'failed';
    }
    this.emitStatus();
    this.o.log.error(
      { err: error instanceof ProjectionError ? error.cause : error },
      `${detail}. The projections are stopped.`,
    );
  }

  /**
   * A rebuild swapped in by another process (or this one) moves the checkpoint. The next batch notices it, but with
   * no new events there is no next batch: so look on every lease renewal too.
   */
  private followMovedCheckpoint(): void {
    if (!this.subscription || this.restarting) return;
    const checkpoint = readCheckpoint(this.o.db, ORDER_STATE);
    if (checkpoint === this.position) return;
    this.o.log.info(
      `projector: the checkpoint was moved to ${checkpoint} (a rebuild was swapped in); resuming from it`,
    );
    void this.restart();
  }

  private async restart(): Promise<void> {
    if (this.restarting) return;
    this.restarting = true;
    try {
      await this.closeSubscription();
      if (!this.stopped && this.lease.held()) await this.resume();
    } catch (error) {
      this.failAll(error);
    } finally {
      this.restarting = false;
    }
  }

  private async closeSubscription(): Promise<void> {
    const sub = this.subscription;
    this.subscription = null;
    await sub?.close();
  }

  private names(rs: Running[]): string[] {
    return rs.map((r) => r.projection.name);
  }

  private setState(r: Running, state: ProjectionState): void {
    r.status.state = state;
    this.emitStatus();
  }

  private emitStatus(): void {
    if (this.listeners.size === 0) return;
    const s = this.status();
    for (const l of this.listeners) l(s);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }
}

/** At most this many links from a batch's span to the commands whose events it applied. */
const MAX_BATCH_LINKS = 128;

/**
 * Spans of one projector batch (recording only when tracing is on): `projector batch` with links to the traces of
 * the events it applies, and for each traced event a `project <type>` span in the event's own trace (its parent is
 * the command that recorded it, read from the event's metadata) linked to the batch. `projected` maps an event's
 * traceparent to its span's context, for the push that follows; `end` ends them all.
 */
function traceBatch(events: readonly RecordedEvent[]): { projected: Map<string, Context>; end(): void } {
  const projected = new Map<string, Context>();
  const traced: { event: RecordedEvent; parent: Context }[] = [];
  for (const event of events) {
    const parent = contextFrom(event.metadata);
    if (parent) traced.push({ event, parent });
  }
  if (traced.length === 0) return { projected, end() {} };
  const t = tracer();
  const links: Link[] = traced.slice(0, MAX_BATCH_LINKS).flatMap(({ parent }) => {
    const context = trace.getSpanContext(parent);
    return context ? [{ context }] : [];
  });
  const batch = t.startSpan('projector batch', {
    links,
    attributes: {
      'orderly.batch.events': events.length,
      'orderly.batch.from_position': events[0]!.position,
      'orderly.batch.to_position': events.at(-1)!.position,
    },
  });
  const spans = traced.map(({ event, parent }) => {
    const span = t.startSpan(
      `project ${event.type}`,
      {
        links: [{ context: batch.spanContext() }],
        attributes: {
          'orderly.event.id': event.eventId,
          'orderly.event.position': event.position,
          'orderly.stream.id': event.streamId,
          'orderly.correlation_id': String(event.metadata.correlationId ?? ''),
          'orderly.causation_id': String(event.metadata.causationId ?? ''),
        },
      },
      parent,
    );
    projected.set(event.metadata.traceparent as string, trace.setSpan(parent, span));
    return span;
  });
  return {
    projected,
    end() {
      for (const s of spans) s.end();
      batch.end();
    },
  };
}
