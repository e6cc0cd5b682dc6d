// Runs one rebuild at a time inside the web server (the staff page's button) and keeps its latest progress.
import { EventEmitter } from 'node:events';
import type { AppDb } from '../../db/client';
import type { EventStore } from '../eventstore/types';
import type { Logger } from '../log';
import { currentLeaseHolder, REBUILD_LEASE } from './lease';
import { PROJECTIONS } from './projections';
import { type RebuildProgress, rebuildProjections } from './rebuild';

export class RebuildRunner {
  private run: RebuildProgress | null = null;
  private lastEmit = 0;
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  constructor(
    private readonly db: AppDb,
    private readonly store: EventStore,
    private readonly log: Logger,
  ) {}

  /** The latest progress of the current or last rebuild, or null when none ran since start. */
  get current(): RebuildProgress | null {
    return this.run && { ...this.run };
  }

  /** Calls `listener` with progress (at most every 100 ms while replaying). Returns a function that removes it. */
  onProgress(listener: (p: RebuildProgress) => void): () => void {
    this.emitter.on('progress', listener);
    return () => this.emitter.off('progress', listener);
  }

  /** Starts a rebuild of every projection unless one is running (here, or in another process on this file). */
  start(): boolean {
    if (this.run && this.run.phase !== 'done' && this.run.phase !== 'failed') return false;
    if (currentLeaseHolder(this.db, Date.now(), REBUILD_LEASE)) return false; // a CLI or another web process

    this.run = {
      projection: PROJECTIONS.map((p) => p.name).join(', '),
      phase: 'replaying',
      startedAt: new Date().toISOString(),
      position: 0,
      head: 0,
      events: 0,
      eventsPerSec: 0,
      etaSeconds: null,
    };
    this.emit(true);
    rebuildProjections(this.db, this.store, PROJECTIONS, {
      onProgress: (p) => {
        this.run = p;
        this.emit(p.phase !== 'replaying');
      },
    }).then(
      (r) =>
        this.log.info(
          `rebuild from the staff page: ${r.events} events in ${r.seconds.toFixed(1)} s, swapped in at ${r.position}`,
        ),
      (error: unknown) => {
        this.log.error({ err: error }, 'rebuild from the staff page failed; the live tables are untouched');
        this.run = { ...this.run!, phase: 'failed', error: (error as Error).message };
        this.emit(true);
      },
    );
    return true;
  }

  private emit(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastEmit < 100) return;
    this.lastEmit = now;
    this.emitter.emit('progress', { ...this.run! });
  }
}
