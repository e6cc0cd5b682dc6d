// Leases in the read-model database. The projector lease: only its holder may run projections against it. The
// rebuild lease: one rebuild of a file at a time, whichever process runs it (web server, CLI). A lease expires
// unless renewed, so a crashed holder is replaced; each batch (or swap) transaction checks it (fencing), so a
// holder that lost it (paused too long, say) cannot write.
import { and, eq, gt, lte, or } from 'drizzle-orm';
import type { AppDb } from '../../db/client';
import { projectorLeases as leases } from './tables';

export const LEASE_NAME = 'projector';
export const REBUILD_LEASE = 'rebuild';

export interface LeaseHolder {
  owner: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** Who holds the lease `name` of this database and until when, expired or not; null when nobody ever took it. */
export function leaseRow(db: AppDb, name = LEASE_NAME): LeaseHolder | null {
  return (
    db.select({ owner: leases.owner, expiresAt: leases.expiresAt }).from(leases).where(eq(leases.name, name)).get() ??
    null
  );
}

/** The current holder of the lease `name`, or null when it is free (never taken, released, or expired). */
export function currentLeaseHolder(db: AppDb, now = Date.now(), name = LEASE_NAME): LeaseHolder | null {
  const row = leaseRow(db, name);
  return row && row.expiresAt > now ? row : null;
}

export class Lease {
  /** The lease `name` (default: the projector's) of `db`, taken as `owner` for `ttlMs` at a time. */
  constructor(
    private readonly db: AppDb,
    readonly owner: string,
    readonly ttlMs: number,
    readonly name = LEASE_NAME,
  ) {}

  /** Takes the lease if it is free, expired, or already ours. */
  tryAcquire(now = Date.now()): boolean {
    const taken = this.db
      .insert(leases)
      .values({ name: this.name, owner: this.owner, expiresAt: now + this.ttlMs })
      .onConflictDoUpdate({
        target: leases.name,
        set: { owner: this.owner, expiresAt: now + this.ttlMs },
        setWhere: or(eq(leases.owner, this.owner), lte(leases.expiresAt, now)),
      })
      .run();
    return taken.changes === 1;
  }

  /** Extends the lease; false when it was lost (expired, or taken by another). */
  renew(now = Date.now()): boolean {
    const r = this.db
      .update(leases)
      .set({ expiresAt: now + this.ttlMs })
      .where(and(eq(leases.name, this.name), eq(leases.owner, this.owner), gt(leases.expiresAt, now)))
      .run();
    return r.changes === 1;
  }

  /** Whether we hold it right now; call inside the batch transaction. */
  held(now = Date.now()): boolean {
    return currentLeaseHolder(this.db, now, this.name)?.owner === this.owner;
  }

  holder(): LeaseHolder | null {
    return leaseRow(this.db, this.name);
  }

  release(): void {
    this.db
      .delete(leases)
      .where(and(eq(leases.name, this.name), eq(leases.owner, this.owner)))
      .run();
  }
}
