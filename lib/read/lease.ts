// The projector lease: only its holder may run projections against a read-model database. It expires unless
// renewed, so a crashed holder is replaced; each batch transaction checks it (fencing), so a holder that lost it
// (paused too long, say) cannot write.
import { and, eq, gt, lte, or } from 'drizzle-orm';
import type { AppDb } from '../../db/client';
import { projectorLeases as leases } from './tables';

export const LEASE_NAME = 'projector';

export interface LeaseHolder {
  owner: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** Who holds the lease of this database and until when, expired or not; null when nobody ever took it. */
export function leaseRow(db: AppDb): LeaseHolder | null {
  return (
    db
      .select({ owner: leases.owner, expiresAt: leases.expiresAt })
      .from(leases)
      .where(eq(leases.name, LEASE_NAME))
      .get() ?? null
  );
}

/** The current holder of the lease, or null when it is free (never taken, released, or expired). */
export function currentLeaseHolder(db: AppDb, now = Date.now()): LeaseHolder | null {
  const row = leaseRow(db);
  return row && row.expiresAt > now ? row : null;
}

export class Lease {
  constructor(
    private readonly db: AppDb,
    readonly owner: string,
    readonly ttlMs: number,
  ) {}

  /** Takes the lease if it is free, expired, or already ours. */
  tryAcquire(now = Date.now()): boolean {
    const taken = this.db
      .insert(leases)
      .values({ name: LEASE_NAME, owner: this.owner, expiresAt: now + this.ttlMs })
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
      .where(and(eq(leases.name, LEASE_NAME), eq(leases.owner, this.owner), gt(leases.expiresAt, now)))
      .run();
    return r.changes === 1;
  }

  /** Whether we hold it right now; call inside the batch transaction. */
  held(now = Date.now()): boolean {
    return currentLeaseHolder(this.db, now)?.owner === this.owner;
  }

  holder(): LeaseHolder | null {
    return leaseRow(this.db);
  }

  release(): void {
    this.db
      .delete(leases)
      .where(and(eq(leases.name, LEASE_NAME), eq(leases.owner, this.owner)))
      .run();
  }
}
