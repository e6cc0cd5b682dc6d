// The projector: holds the lease, follows the global log from each projection's checkpoint (catch-up, then live),
// and applies batches inside ONE transaction that also moves the checkpoint: at least once in, exactly once in
// effect. After each commit it announces the changed orders. A projection whose handler fails stops with a log
// line naming the event; the others go on.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import type { EventStore, RecordedEvent, Subscription } from '../eventstore/types';
import type { Logger } from '../log';
import { readCheckpoint, writeCheckpoint } from './checkpoints';
import { Lease } from './lease';
import type { Notifier } from './notifier';
import { batchApplier, PROJECTIONS, type ProjectionDef, ProjectionError } from './projections';

export type ProjectionState = 'waiting_for_lease' | 'running' | 'failed' | 'stopped';

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

export interface ProjectorOptions {
  db: Database.Database;
  store: EventStore;
  log: Logger;
  notifier?: Notifier;
  projections?: readonly ProjectionDef[];
  owner?: string;
  maxBatch?: number;
  leaseTtlMs?: number;
  /** Wait this long before each batch (PROJECTION_DELAY_MS): makes eventual consistency visible. */
  delayMs?: number;
}

class LeaseLost extends Error {}
class CheckpointMoved extends Error {}

interface Running {
  def: ProjectionDef;
  status: ProjectionStatus;
  subscription: Subscription | null;
}

export class Projector {
  readonly owner: string;
  private readonly lease: Lease;
  private readonly running: Running[];
  private stopped = false;
  private renewTimer: NodeJS.Timeout | null = null;
  private waitLogged = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private readonly listeners = new Set<(status: ProjectionStatus[]) => void>();

  constructor(private readonly o: ProjectorOptions) {
    this.owner = o.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.lease = new Lease(o.db, this.owner, o.leaseTtlMs ?? 10_000);
    this.running = (o.projections ?? PROJECTIONS).map((def) => ({
      def,
      subscription: null,
      status: {
        name: def.name,
        state: 'waiting_for_lease',
        checkpoint: readCheckpoint(o.db, def.name),
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
    return this.running.some((r) => r.status.state === 'running');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.closeSubscriptions();
    await this.loop;
    if (this.renewTimer) clearInterval(this.renewTimer);
    try {
      this.lease.release();
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
      this.o.log.info(
        `projector ${this.owner}: holds the lease; projecting ${this.running.map((r) => r.def.name).join(', ')}`,
      );
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
            else this.followMovedCheckpoints();
          },
          Math.max(20, Math.round(ttl / 3)),
        );
        this.wake = resolve;
        this.leaseLost = resolve;
      });
      for (const r of this.running) if (r.status.state !== 'failed') this.subscribe(r);
      await lost;
      if (this.renewTimer) clearInterval(this.renewTimer);
      await this.closeSubscriptions();
      if (!this.stopped) {
        this.o.log.warn(`projector ${this.owner}: lost the lease; stopped writing and waiting to get it back`);
        for (const r of this.running) if (r.status.state === 'running') this.setState(r, 'waiting_for_lease');
      }
    }
  }

  private leaseLost: () => void = () => {};

  private subscribe(r: Running): void {
    const from = readCheckpoint(this.o.db, r.def.name) + 1;
    r.status.checkpoint = from - 1;
    this.setState(r, 'running');
    const apply = batchApplier(this.o.db, r.def);
    const tx = this.o.db.transaction((events: RecordedEvent[]) => {
      if (!this.lease.held()) throw new LeaseLost();
      const checkpoint = readCheckpoint(this.o.db, r.def.name);
      const fresh = events.filter((e) => e.position > checkpoint);
      if (fresh.length === 0) return { changes: [], position: checkpoint };
      // Someone else (a rebuild's swap) moved the checkpoint back: read again from there, or events would be lost.
      if (fresh[0]!.position !== checkpoint + 1) throw new CheckpointMoved();
      const changes = apply.apply(fresh);
      const position = fresh[fresh.length - 1]!.position;
      writeCheckpoint(this.o.db, r.def.name, position);
      return { changes, position };
    });
    const sub = this.o.store.subscribeToAll(
      {
        fromPosition: from,
        maxBatch: this.o.maxBatch ?? 500,
        onError: (err) => this.o.log.warn({ err }, `projection ${r.def.name}: reading the log failed; retrying`),
      },
      async (events) => {
        if (this.o.delayMs) await new Promise((res) => setTimeout(res, this.o.delayMs));
        const { changes, position } = tx.immediate(events);
        const last = events[events.length - 1]!;
        r.status.checkpoint = position;
        r.status.batches++;
        r.status.lastLagMs = Date.now() - Date.parse(last.recordedAt);
        if (r.def.announces) this.o.notifier?.announce(changes);
        this.emitStatus();
      },
    );
    r.subscription = sub;
    sub.done.catch((error: unknown) => {
      if (r.subscription !== sub) return;
      r.subscription = null;
      if (error instanceof CheckpointMoved) {
        this.o.log.info(
          `projection ${r.def.name}: its checkpoint was moved (a rebuild was swapped in); resuming from it`,
        );
        if (!this.stopped) this.subscribe(r);
        return;
      }
      if (error instanceof LeaseLost) {
        this.leaseLost();
        return;
      }
      r.status.error = (error as Error).message;
      this.setState(r, 'failed');
      const detail =
        error instanceof ProjectionError
          ? error.message
          : `projection ${r.def.name} failed: ${(error as Error).message}`;
      this.o.log.error(
        { err: error instanceof ProjectionError ? error.cause : error },
        `${detail}. It is stopped; the other projections go on.`,
      );
    });
  }

  /**
   * A rebuild swapped in by another process (or this one) moves a checkpoint. The next batch notices it, but with
   * no new events there is no next batch: so look on every lease renewal too.
   */
  private followMovedCheckpoints(): void {
    for (const r of this.running) {
      const sub = r.subscription;
      if (!sub || r.status.state !== 'running') continue;
      const checkpoint = readCheckpoint(this.o.db, r.def.name);
      if (checkpoint === r.status.checkpoint) continue;
      this.o.log.info(
        `projection ${r.def.name}: its checkpoint was moved to ${checkpoint} (a rebuild was swapped in); resuming from it`,
      );
      r.subscription = null;
      void sub.close().then(() => {
        if (!this.stopped && r.subscription === null && r.status.state === 'running') this.subscribe(r);
      });
    }
  }

  private async closeSubscriptions(): Promise<void> {
    await Promise.all(
      this.running.map(async (r) => {
        const sub = r.subscription;
        r.subscription = null;
        await sub?.close();
      }),
    );
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
