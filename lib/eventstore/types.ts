// The event store contract: one interface, implemented by the Redis adapter (store of record) and the SQLite
// adapter (embedded default). Every adapter must pass lib/eventstore/contract.ts.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** An event as a caller hands it to `append`. */
export interface NewEvent {
  type: string;
  data: JsonValue;
  metadata?: JsonObject;
  /** Generated (a UUID) when absent. Passing it makes a retried append idempotent. */
  eventId?: string;
}

/** An event as stored and read back. */
export interface RecordedEvent {
  eventId: string;
  type: string;
  streamId: string;
  /** 1, 2, 3… within its stream. */
  version: number;
  /** 1, 2, 3… over all streams: one global order, no gaps. */
  position: number;
  /** ISO-8601 UTC, taken by the store when the event was written. */
  recordedAt: string;
  data: JsonValue;
  metadata: JsonObject;
}

/**
 * What the stream must look like for an append to go ahead.
 * A number is the exact current version (0: the stream must not exist yet).
 */
export type ExpectedVersion = number | 'no_stream' | 'stream_exists' | 'any';

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
}

export interface AppendResult {
  streamId: string;
  /** The stream's version after the append: the version of its last event. */
  version: number;
  /** The global position of each appended event, in order. */
  positions: number[];
  /**
   * True when these events were stored by an earlier append with the same event ids, stream and expected version (an
   * idempotent retry): this call wrote nothing, and the events stored are the earlier append's, whatever this call
   * sent. A caller that reuses ids for other content (a command id sent again with another command) checks them.
   */
  retried: boolean;
}

export interface ReadStreamOptions {
  /** Lowest version to read (inclusive), default 1. */
  fromVersion?: number;
  /** Highest version to read (inclusive), default: the last. */
  toVersion?: number;
  /** Order of the result; with `limit`, backward reads the newest events of the range. */
  direction?: 'forward' | 'backward';
  limit?: number;
}

export interface ReadAllOptions {
  /** First position to read (inclusive), default 1. */
  fromPosition?: number;
  limit?: number;
}

export interface ListStreamsOptions {
  prefix?: string;
  /** Cursor: only stream ids strictly after this one (byte order). */
  after?: string;
  limit?: number;
}

export interface SubscribeOptions {
  /** First position to deliver (inclusive), default 1. A projector passes its checkpoint + 1. */
  fromPosition?: number;
  /** Most events handed to the handler at once, default 500. */
  maxBatch?: number;
  /**
   * Called when reading fails or the connection is lost (once per outage; the subscription waits for the connection
   * and retries from where it was).
   */
  onError?: (error: unknown) => void;
}

/**
 * Receives events in position order, a non-empty batch at a time. The next batch is read only after the
 * returned promise settles (back-pressure). If it throws, the subscription stops and `done` rejects.
 */
export type SubscriptionHandler = (events: RecordedEvent[]) => Promise<void> | void;

export interface Subscription {
  /** Position of the last event the handler finished with (0 when none yet). */
  readonly lastPosition: number;
  /**
   * Settles when the subscription stops: resolves after close(), rejects when the handler threw. Either way the
   * subscription has let go of what it held (its connection).
   */
  readonly done: Promise<void>;
  /**
   * Stops delivery and resolves once the batch in hand (if any) is finished. Called from that batch's own handler
   * (or from work it started, while the batch is still in hand), it resolves at once, and no batch follows.
   */
  close(): Promise<void>;
}

/**
 * An aggregate's state at a version, stored next to its events so a load can start there. Never required for
 * correctness: a missing or outdated snapshot only means folding more events.
 */
export interface Snapshot {
  streamId: string;
  /** The stream version the state reflects. */
  version: number;
  /** Version of the state's shape; a snapshot whose schemaVersion differs from the code's is ignored. */
  schemaVersion: number;
  state: JsonValue;
  /** recordedAt of the event at `version`, so temporal loads can start from the snapshot too. */
  at: string;
}

export interface EventStore {
  readonly kind: 'redis' | 'sqlite';
  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** The stream's current version, 0 when it does not exist. */
  streamVersion(streamId: string): Promise<number>;
  /** Position of the newest event in the global log, 0 when empty. */
  headPosition(): Promise<number>;
  /** Stream ids in byte order, `limit` at most (default 100). */
  listStreams(options?: ListStreamsOptions): Promise<string[]>;
  subscribeToAll(options: SubscribeOptions, handler: SubscriptionHandler): Subscription;
  /** The event with this id, or null. */
  readEvent(eventId: string): Promise<RecordedEvent | null>;
  /** Keeps the snapshot unless the stored one is at the same or a newer version. Returns whether it was kept. */
  saveSnapshot(snapshot: Snapshot): Promise<boolean>;
  /** The newest snapshot of the stream, or null. */
  loadSnapshot(streamId: string): Promise<Snapshot | null>;
  /** Resolves when the store answers; rejects when it cannot be reached (see isStoreUnavailable). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
