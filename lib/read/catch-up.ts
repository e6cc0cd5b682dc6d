// A node is ready when its read model has caught up with the log as it was when the node started: until then it
// says "catching up" (health answers 503 with the lag, so a load balancer sends it nothing) and logs its progress.
import type { AppDb } from '../../db/client';
import type { EventStore } from '../eventstore/types';
import type { Logger } from '../log';
import { readCheckpoint } from './checkpoints';
import { PROJECTIONS } from './projections';

export interface Readiness {
  ready: boolean;
  /** Events still to apply before the read model reaches the head the log had at start (0 when ready). */
  behind: number;
}

export class CatchUp {
  private target = 0;
  private done = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: AppDb,
    private readonly store: EventStore,
    private readonly log: Logger,
  ) {}

  private position(): number {
    return Math.min(...PROJECTIONS.map((p) => readCheckpoint(this.db, p.name)));
  }

  /** Notes the head of the log and starts watching the checkpoints reach it. */
  async start(pollMs = 250, logEveryMs = 2000): Promise<void> {
    this.target = await this.store.headPosition();
    const from = this.position();
    if (from >= this.target) {
      this.done = true;
      return;
    }
    this.log.info(`read model: catching up from position ${from} to ${this.target} (${this.target - from} events)`);
    let lastLog = Date.now();
    this.timer = setInterval(() => {
      const at = this.position();
      if (at >= this.target) {
        this.done = true;
        this.stop();
        this.log.info(`read model: caught up with position ${this.target}; ready`);
      } else if (Date.now() - lastLog >= logEveryMs) {
        lastLog = Date.now();
        this.log.info(`read model: catching up, at ${at} of ${this.target} (${this.target - at} to go)`);
      }
    }, pollMs);
    this.timer.unref();
  }

  /** Whether the node is ready, and how far behind it still is. */
  readiness(): Readiness {
    if (this.done) return { ready: true, behind: 0 };
    return { ready: false, behind: Math.max(0, this.target - this.position()) };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
