// Where process managers keep what they must not lose, in the store of record (the same Redis or SQLite file as
// the events): a lease, so one instance runs across every node and process, and a checkpoint, the global position
// up to which it has handled the log. The checkpoint is fenced by the lease: an instance that lost its lease (paused
// past its TTL) cannot move it. What the process sends is idempotent, so handling an event again after a crash is
// harmless; the checkpoint only saves work.
import type Database from 'better-sqlite3';
import type { Redis } from 'ioredis';

export interface ProcessState {
  /**
   * Takes the lease `name` for `owner` for `ttlMs`, or renews it when `owner` holds it. Returns whether `owner`
   * holds it now.
   */
  acquire(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up, when `owner` holds it. */
  release(name: string, owner: string): Promise<void>;
  /** Who holds the lease and until when (ms since the epoch); null when no one does. */
  holder(name: string): Promise<{ owner: string; expiresAt: number } | null>;
  /** The position up to which the process has handled the log (0: none). */
  checkpoint(name: string): Promise<number>;
  /**
   * The head of the log when the process first existed on this store: recorded once (the first call's `position`),
   * returned by every call. Events up to it were written before the process existed.
   */
  firstRun(name: string, position: number): Promise<number>;
  /**
   * Moves the checkpoint forward to `position` while `owner` holds the lease; returns false (and moves nothing)
   * when it does not. A position behind the saved one leaves it where it is.
   */
  saveCheckpoint(name: string, owner: string, position: number): Promise<boolean>;
}

const ACQUIRE = `
local cur = redis.call('GET', KEYS[1])
if cur == false or cur == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
`;
const SAVE_CHECKPOINT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local cur = tonumber(redis.call('GET', KEYS[2]) or '0')
if tonumber(ARGV[2]) > cur then redis.call('SET', KEYS[2], ARGV[2]) end
return 1
`;

type Scripted = Redis & {
  processAcquire(lease: string, owner: string, ttlMs: string): Promise<number>;
  processRelease(lease: string, owner: string): Promise<number>;
  processSaveCheckpoint(lease: string, checkpoint: string, owner: string, position: string): Promise<number>;
};

/** The process state in Redis, under the event store's namespace (`{ns}:process:<name>:…`). */
export class RedisProcessState implements ProcessState {
  private readonly redis: Scripted;
  /** Works through `redis` (shared with the event store; not closed here). */
  constructor(
    redis: Redis,
    private readonly namespace: string,
  ) {
    redis.defineCommand('processAcquire', { numberOfKeys: 1, lua: ACQUIRE });
    redis.defineCommand('processRelease', { numberOfKeys: 1, lua: RELEASE });
    redis.defineCommand('processSaveCheckpoint', { numberOfKeys: 2, lua: SAVE_CHECKPOINT });
    this.redis = redis as Scripted;
  }

  private key(name: string, what: 'lease' | 'checkpoint' | 'first-run') {
    return `{${this.namespace}}:process:${name}:${what}`;
  }

  async acquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.processAcquire(this.key(name, 'lease'), owner, String(ttlMs))) === 1;
  }

  async release(name: string, owner: string): Promise<void> {
    await this.redis.processRelease(this.key(name, 'lease'), owner);
  }

  async holder(name: string): Promise<{ owner: string; expiresAt: number } | null> {
    const [owner, ttl] = await Promise.all([
      this.redis.get(this.key(name, 'lease')),
      this.redis.pttl(this.key(name, 'lease')),
    ]);
    return owner && ttl > 0 ? { owner, expiresAt: Date.now() + ttl } : null;
  }

  async checkpoint(name: string): Promise<number> {
    return Number((await this.redis.get(this.key(name, 'checkpoint'))) ?? 0);
  }

  async firstRun(name: string, position: number): Promise<number> {
    await this.redis.set(this.key(name, 'first-run'), String(position), 'NX');
    return Number(await this.redis.get(this.key(name, 'first-run')));
  }

  async saveCheckpoint(name: string, owner: string, position: number): Promise<boolean> {
    const saved = await this.redis.processSaveCheckpoint(
      this.key(name, 'lease'),
      this.key(name, 'checkpoint'),
      owner,
      String(position),
    );
    return saved === 1;
  }
}

/** The process state in the embedded store's SQLite file (tables beside the events, one connection shared). */
export class SqliteProcessState implements ProcessState {
  private readonly statements;

  constructor(db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS process_leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS process_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS process_first_runs (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
    `);
    const lease = db.prepare<[string], { owner: string; expires_at: number }>(
      'SELECT owner, expires_at FROM process_leases WHERE name = ?',
    );
    const take = db.prepare(
      `INSERT INTO process_leases (name, owner, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at`,
    );
    const checkpoint = db.prepare<[string], { position: number }>(
      'SELECT position FROM process_checkpoints WHERE name = ?',
    );
    const save = db.prepare(
      `INSERT INTO process_checkpoints (name, position) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET position = max(position, excluded.position)`,
    );
    const holds = (name: string, owner: string, now: number) => {
      const row = lease.get(name);
      return row !== undefined && row.owner === owner && row.expires_at > now;
    };
    this.statements = {
      lease,
      checkpoint,
      acquire: db
        .transaction((name: string, owner: string, ttlMs: number, now: number) => {
          const row = lease.get(name);
          if (row && row.owner !== owner && row.expires_at > now) return false;
          take.run(name, owner, now + ttlMs);
          return true;
        })
        .immediate.bind(null),
      release: db.prepare('DELETE FROM process_leases WHERE name = ? AND owner = ?'),
      firstRun: db.prepare('INSERT OR IGNORE INTO process_first_runs (name, position) VALUES (?, ?)'),
      firstRunOf: db.prepare<[string], { position: number }>('SELECT position FROM process_first_runs WHERE name = ?'),
      save: db
        .transaction((name: string, owner: string, position: number, now: number) => {
          if (!holds(name, owner, now)) return false;
          save.run(name, position);
          return true;
        })
        .immediate.bind(null),
    };
  }

  async acquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.statements.acquire(name, owner, ttlMs, Date.now());
  }

  async release(name: string, owner: string): Promise<void> {
    this.statements.release.run(name, owner);
  }

  async holder(name: string): Promise<{ owner: string; expiresAt: number } | null> {
    const row = this.statements.lease.get(name);
    return row && row.expires_at > Date.now() ? { owner: row.owner, expiresAt: row.expires_at } : null;
  }

  async checkpoint(name: string): Promise<number> {
    return this.statements.checkpoint.get(name)?.position ?? 0;
  }

  async firstRun(name: string, position: number): Promise<number> {
    this.statements.firstRun.run(name, position);
    return this.statements.firstRunOf.get(name)!.position;
  }

  async saveCheckpoint(name: string, owner: string, position: number): Promise<boolean> {
    return this.statements.save(name, owner, position, Date.now());
  }
}
