// The embedded adapter: one SQLite file through better-sqlite3. Each append is one IMMEDIATE transaction, so
// writers are serialised (also across processes) and positions are committed in order, without gaps.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { DuplicateEventError, EventStoreError, InvalidArgumentError, WrongExpectedVersionError } from './errors';
import { runSubscription } from './subscription';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedVersion,
  JsonObject,
  JsonValue,
  ListStreamsOptions,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Snapshot,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from './types';
import {
  checkEventId,
  checkListStreams,
  checkReadAll,
  checkReadStream,
  checkStreamId,
  checkSubscribe,
  type PreparedEvent,
  prepareAppend,
  prepareSnapshot,
  snapshotContradicts,
} from './validate';

export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position     INTEGER PRIMARY KEY,  -- no AUTOINCREMENT: a rolled-back append uses up no position
  event_id     TEXT    NOT NULL UNIQUE,
  stream_id    TEXT    NOT NULL,
  version      INTEGER NOT NULL,
  type         TEXT    NOT NULL,
  recorded_at  TEXT    NOT NULL,
  data         TEXT    NOT NULL,
  metadata     TEXT    NOT NULL,
  -- which append wrote the event, so that a retry of that same append can be recognised
  batch_first  INTEGER NOT NULL,
  batch_size   INTEGER NOT NULL,
  expected     TEXT    NOT NULL,
  UNIQUE (stream_id, version)
) STRICT;
CREATE TABLE IF NOT EXISTS streams (
  stream_id TEXT PRIMARY KEY,
  version   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshots (
  stream_id      TEXT PRIMARY KEY,
  version        INTEGER NOT NULL,
  schema_version INTEGER NOT NULL,
  at             TEXT    NOT NULL,
  state          TEXT    NOT NULL
) STRICT, WITHOUT ROWID;
`;

/**
 * Once per file (PRAGMA user_version 0 → 1): events recorded by a release before recordedAt was kept in log order
 * may have a time before the event ahead of them (a clock that stepped back). Each such time becomes the latest time
 * before it, as appends record it now, and the snapshots of the streams touched are dropped (a snapshot's time is its
 * last event's; the next load folds the events and saves a new one). One transaction; idempotent.
 */
function clampRecordedTimes(db: Database.Database): void {
  db.transaction(() => {
    if (db.pragma('user_version', { simple: true }) !== 0) return;
    db.exec(`
      CREATE TEMP TABLE clamped AS
        SELECT position, stream_id, latest FROM (
          SELECT position, stream_id, recorded_at,
                 MAX(recorded_at) OVER (ORDER BY position ROWS UNBOUNDED PRECEDING) AS latest
          FROM events)
        WHERE recorded_at < latest;
      UPDATE events SET recorded_at = clamped.latest FROM clamped WHERE events.position = clamped.position;
      DELETE FROM snapshots WHERE stream_id IN (SELECT stream_id FROM clamped);
      DROP TABLE temp.clamped;
      PRAGMA user_version = 1;
    `);
  }).immediate();
}

/** How often a waiting subscription looks for events appended by another process. */
const POLL_MS = 100;

interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  version: number;
  type: string;
  recorded_at: string;
  data: string;
  metadata: string;
}

interface KnownRow {
  position: number;
  stream_id: string;
  version: number;
  batch_first: number;
  batch_size: number;
  expected: string;
}

/**
 * SQLite's `synchronous` setting for the store's file (WAL mode). 'normal': a commit is durable against a crash of
 * the process, but a power failure or OS crash may lose the last transactions (never corrupts the file). 'full':
 * every acknowledged append survives a power failure too, at the cost of an fsync per append.
 */
export type SqliteSync = 'normal' | 'full';

export interface SqliteStoreOptions {
  /** File path, or ':memory:'. */
  sqlitePath: string;
  /** Default 'full': an acknowledged event is never lost (docs/event-store.md, "Durability"). */
  synchronous?: SqliteSync;
  /** The wall clock in ms since the epoch (tests inject one that steps back); default Date.now. */
  clock?: () => number;
}

/**
 * The PRAGMA value for a SqliteSync ('full' → FULL, 'normal' → NORMAL). Throws InvalidArgumentError for anything
 * else, so that a mistyped setting never silently means a weaker one.
 */
export function synchronousPragma(value: unknown): 'FULL' | 'NORMAL' {
  if (value === 'full') return 'FULL';
  if (value === 'normal') return 'NORMAL';
  throw new InvalidArgumentError(`synchronous must be 'full' or 'normal' (got ${JSON.stringify(value)})`);
}

/**
 * Opens (creating when missing) the store's file and its schema. Throws InvalidArgumentError for an unknown
 * `synchronous` value.
 */
export function openSqliteStore(options: SqliteStoreOptions): SqliteEventStore {
  synchronousPragma(options.synchronous ?? 'full');
  if (options.sqlitePath !== ':memory:') mkdirSync(dirname(options.sqlitePath), { recursive: true });
  return new SqliteEventStore(new Database(options.sqlitePath), options);
}

const COLUMNS = 'position, event_id, stream_id, version, type, recorded_at, data, metadata';

export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  private readonly waiters = new Set<() => void>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly stmt;
  private readonly appendTx;

  readonly synchronous: SqliteSync;
  private readonly clock: () => number;

  constructor(
    private readonly db: Database.Database,
    options: { synchronous?: SqliteSync; clock?: () => number } = {},
  ) {
    this.synchronous = options.synchronous ?? 'full';
    this.clock = options.clock ?? Date.now;
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronousPragma(this.synchronous)}`);
    db.pragma('busy_timeout = 5000');
    db.exec(SQLITE_SCHEMA);
    clampRecordedTimes(db);
    this.stmt = {
      known: db.prepare<[string], KnownRow>(
        'SELECT position, stream_id, version, batch_first, batch_size, expected FROM events WHERE event_id = ?',
      ),
      version: db.prepare<[string], { version: number }>('SELECT version FROM streams WHERE stream_id = ?'),
      head: db.prepare<[], { head: number | null }>('SELECT max(position) AS head FROM events'),
      last: db.prepare<[], { position: number; recorded_at: string }>(
        'SELECT position, recorded_at FROM events ORDER BY position DESC LIMIT 1',
      ),
      insert: db.prepare(
        `INSERT INTO events (${COLUMNS}, batch_first, batch_size, expected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      upsertStream: db.prepare(
        'INSERT INTO streams (stream_id, version) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version',
      ),
      forward: db.prepare<[string, number, number, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND version BETWEEN ? AND ? ORDER BY version LIMIT ?`,
      ),
      backward: db.prepare<[string, number, number, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND version BETWEEN ? AND ? ORDER BY version DESC LIMIT ?`,
      ),
      all: db.prepare<[number, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE position >= ? ORDER BY position LIMIT ?`,
      ),
      listFrom: db.prepare<[string, string | null, string | null, number], { stream_id: string }>(
        'SELECT stream_id FROM streams WHERE stream_id >= ? AND (? IS NULL OR stream_id < ?) ORDER BY stream_id LIMIT ?',
      ),
      byId: db.prepare<[string], EventRow>(`SELECT ${COLUMNS} FROM events WHERE event_id = ?`),
      saveSnapshot: db.prepare(
        `INSERT INTO snapshots (stream_id, version, schema_version, at, state) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, schema_version = excluded.schema_version,
           at = excluded.at, state = excluded.state
         WHERE excluded.version > snapshots.version`,
      ),
      timeOf: db.prepare<[string, number], { recorded_at: string }>(
        'SELECT recorded_at FROM events WHERE stream_id = ? AND version = ?',
      ),
      loadSnapshot: db.prepare<[string], { version: number; schema_version: number; at: string; state: string }>(
        'SELECT version, schema_version, at, state FROM snapshots WHERE stream_id = ?',
      ),
      listAfter: db.prepare<[string, string | null, string | null, number], { stream_id: string }>(
        'SELECT stream_id FROM streams WHERE stream_id > ? AND (? IS NULL OR stream_id < ?) ORDER BY stream_id LIMIT ?',
      ),
    };
    this.appendTx = db.transaction(
      (streamId: string, expected: ExpectedVersion, events: PreparedEvent[]): AppendResult => {
        const retried = this.findRetry(streamId, expected, events);
        if (retried) return retried;
        const version = this.stmt.version.get(streamId)?.version ?? 0;
        if (!versionMatches(expected, version)) throw new WrongExpectedVersionError(streamId, expected, version);
        const last = this.stmt.last.get();
        const first = (last?.position ?? 0) + 1;
        // The wall clock, but never before the previous append's time (a clock stepped back by NTP): recordedAt
        // never decreases along the log, so "as it was at t" has one answer.
        const now = new Date(this.clock()).toISOString();
        const recordedAt = last && last.recorded_at > now ? last.recorded_at : now;
        const positions = events.map((e, i) => {
          const position = first + i;
          this.stmt.insert.run(
            position,
            e.eventId,
            streamId,
            version + i + 1,
            e.type,
            recordedAt,
            e.data,
            e.metadata,
            first,
            events.length,
            String(expected),
          );
          return position;
        });
        this.stmt.upsertStream.run(streamId, version + events.length);
        return { streamId, version: version + events.length, positions, retried: false };
      },
    );
  }

  /** The first result again when `events` are exactly an earlier append; throws when any id is reused otherwise. */
  private findRetry(streamId: string, expected: ExpectedVersion, events: PreparedEvent[]): AppendResult | null {
    const known = events.map((e) => this.stmt.known.get(e.eventId));
    const reused = known.findIndex((k) => k !== undefined);
    if (reused === -1) return null;
    const first = known[0];
    const isRetry =
      first !== undefined &&
      first.stream_id === streamId &&
      first.position === first.batch_first &&
      first.batch_size === events.length &&
      first.expected === String(expected) &&
      known.every((k, i) => k !== undefined && k.position === first.position + i);
    if (!isRetry) {
      const id = events[reused]!.eventId;
      throw new DuplicateEventError(
        id,
        `event id ${id} is already stored (not as a retry of this same append to "${streamId}")`,
      );
    }
    return {
      streamId,
      version: first.version + events.length - 1,
      positions: known.map((k) => k!.position),
      retried: true,
    };
  }

  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const p = prepareAppend(streamId, events, options);
    const result = this.appendTx.immediate(p.streamId, p.expected, p.events);
    for (const wake of this.waiters) wake();
    return result;
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const r = checkReadStream(streamId, options);
    const stmt = r.backward ? this.stmt.backward : this.stmt.forward;
    return stmt.all(streamId, r.fromVersion, r.toVersion, r.limit).map(toRecorded);
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    const r = checkReadAll(options);
    return this.stmt.all.all(r.fromPosition, r.limit).map(toRecorded);
  }

  async streamVersion(streamId: string): Promise<number> {
    return this.stmt.version.get(checkStreamId(streamId))?.version ?? 0;
  }

  async headPosition(): Promise<number> {
    return this.stmt.head.get()?.head ?? 0;
  }

  async listStreams(options?: ListStreamsOptions): Promise<string[]> {
    const q = checkListStreams(options);
    const stmt = q.exclusive ? this.stmt.listAfter : this.stmt.listFrom;
    return stmt.all(q.from, q.below, q.below, q.limit).map((r) => r.stream_id);
  }

  subscribeToAll(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    if (!this.db.open) throw new EventStoreError('the event store is closed: a subscription needs an open one');
    const o = checkSubscribe(options, handler);
    let interrupt: (() => void) | null = null;
    const sub = runSubscription(
      {
        pull: async (after, max) => {
          const events = this.stmt.all.all(after + 1, max).map(toRecorded);
          if (events.length > 0) return events;
          // Nothing new: wait for an append in this process, or poll for one from another process.
          await new Promise<void>((resolve) => {
            const wake = () => {
              clearTimeout(timer);
              this.waiters.delete(wake);
              interrupt = null;
              resolve();
            };
            const timer = setTimeout(wake, POLL_MS);
            this.waiters.add(wake);
            interrupt = wake;
          });
          return [];
        },
        interrupt: async () => interrupt?.(),
      },
      { fromPosition: o.fromPosition, maxBatch: o.maxBatch, onError: o.onError },
      handler,
    );
    this.subscriptions.add(sub);
    sub.done.finally(() => this.subscriptions.delete(sub)).catch(() => {});
    return sub;
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async readEvent(eventId: string): Promise<RecordedEvent | null> {
    const row = this.stmt.byId.get(checkEventId(eventId));
    return row ? toRecorded(row) : null;
  }

  async saveSnapshot(snapshot: Snapshot): Promise<boolean> {
    const s = prepareSnapshot(snapshot);
    const event = this.stmt.timeOf.get(s.streamId, s.version);
    if (!event || Date.parse(event.recorded_at) !== Date.parse(s.at)) {
      throw snapshotContradicts(s, event ? new Date(event.recorded_at) : null);
    }
    return this.stmt.saveSnapshot.run(s.streamId, s.version, s.schemaVersion, s.at, s.state).changes > 0;
  }

  async loadSnapshot(streamId: string): Promise<Snapshot | null> {
    const row = this.stmt.loadSnapshot.get(checkStreamId(streamId));
    if (!row) return null;
    return {
      streamId,
      version: row.version,
      schemaVersion: row.schema_version,
      at: row.at,
      state: JSON.parse(row.state) as JsonValue,
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.db.close();
  }
}

function versionMatches(expected: ExpectedVersion, version: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return version === 0;
  if (expected === 'stream_exists') return version > 0;
  return version === expected;
}

function toRecorded(r: EventRow): RecordedEvent {
  return {
    eventId: r.event_id,
    type: r.type,
    streamId: r.stream_id,
    version: r.version,
    position: r.position,
    recordedAt: r.recorded_at,
    data: JSON.parse(r.data) as JsonValue,
    metadata: JSON.parse(r.metadata) as JsonObject,
  };
}
