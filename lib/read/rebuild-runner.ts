// Runs one rebuild at a time inside the web server (the staff page's button) and keeps its latest progress.
import type Database from 'better-sqlite3';
import type { EventStore } from '../eventstore/types';
import type { Logger } from '../log';
import { PROJECTIONS } from './projections';
import { type RebuildProgress, rebuildProjections } from './rebuild';

export interface RebuildRun extends Omit<RebuildProgress, 'phase'> {
  phase: RebuildProgress['phase'] | 'failed';
  startedAt: string;
  error?: string;
}

export class RebuildRunner {
  private run: RebuildRun | null = null;
  private lastEmit = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly store: EventStore,
    private readonly log: Logger,
    private readonly onProgress: (run: RebuildRun) => void,
  ) {}

  get current(): RebuildRun | null {
    return this.run && { ...this.run };
  }

  /** Starts a rebuild of every projection unless one is running; false when one is. */
  start(): boolean {
    if (this.run && this.run.phase !== 'done' && this.run.phase !== 'failed') return false;
    const startedAt = new Date().toISOString();
    this.run = {
      projection: PROJECTIONS.map((p) => p.name).join(', '),
      phase: 'replaying',
      position: 0,
      head: 0,
      events: 0,
      eventsPerSec: 0,
      etaSeconds: null,
      startedAt,
    };
    this.emit(true);
    rebuildProjections(this.db, this.store, PROJECTIONS, {
      onProgress: (p) => {
        this.run = { ...p, startedAt };
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
    this.onProgress({ ...this.run! });
  }
}
