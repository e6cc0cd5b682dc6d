// The projector lease: only its holder may run projections against a read-model database. It expires unless
// renewed, so a crashed holder is replaced; each batch transaction checks it (fencing), so a holder that lost it
// (paused too long, say) cannot write.
import type Database from 'better-sqlite3';

export const LEASE_NAME = 'projector';

export interface LeaseHolder {
  owner: string;
  expiresAt: number;
}

export class Lease {
  private readonly acquireStmt;
  private readonly renewStmt;
  private readonly releaseStmt;
  private readonly readStmt;

  constructor(
    db: Database.Database,
    readonly owner: string,
    readonly ttlMs: number,
  ) {
    this.acquireStmt = db.prepare(
      `INSERT INTO projector_leases (name, owner, expires_at) VALUES (@name, @owner, @expiresAt)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE projector_leases.owner = excluded.owner OR projector_leases.expires_at <= @now`,
    );
    this.renewStmt = db.prepare(
      'UPDATE projector_leases SET expires_at = ? WHERE name = ? AND owner = ? AND expires_at > ?',
    );
    this.releaseStmt = db.prepare('DELETE FROM projector_leases WHERE name = ? AND owner = ?');
    this.readStmt = db.prepare<[string], { owner: string; expires_at: number }>(
      'SELECT owner, expires_at FROM projector_leases WHERE name = ?',
    );
  }

  /** Takes the lease if it is free, expired, or already ours. */
  tryAcquire(now = Date.now()): boolean {
    return (
      this.acquireStmt.run({ name: LEASE_NAME, owner: this.owner, expiresAt: now + this.ttlMs, now }).changes === 1
    );
  }

  /** Extends the lease; false when it was lost (expired, or taken by another). */
  renew(now = Date.now()): boolean {
    return this.renewStmt.run(now + this.ttlMs, LEASE_NAME, this.owner, now).changes === 1;
  }

  /** Whether we hold it right now; call inside the batch transaction. */
  held(now = Date.now()): boolean {
    const row = this.readStmt.get(LEASE_NAME);
    return row !== undefined && row.owner === this.owner && row.expires_at > now;
  }

  holder(): LeaseHolder | null {
    const row = this.readStmt.get(LEASE_NAME);
    return row ? { owner: row.owner, expiresAt: row.expires_at } : null;
  }

  release(): void {
    this.releaseStmt.run(LEASE_NAME, this.owner);
  }
}

export function currentLeaseHolder(db: Database.Database): LeaseHolder | null {
  const row = db
    .prepare<[string], { owner: string; expires_at: number }>(
      'SELECT owner, expires_at FROM projector_leases WHERE name = ?',
    )
    .get(LEASE_NAME);
  return row && row.expires_at > Date.now() ? { owner: row.owner, expiresAt: row.expires_at } : null;
}
