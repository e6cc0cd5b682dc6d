// Folding one stream into a state: the newest usable snapshot, then the events after it, each read into its
// current shape and folded with `evolve`. Optionally only up to a version or a moment (temporal queries). The write
// side loads aggregates with it; the read side answers "what did it look like then" with it.
import type { EventStore, RecordedEvent } from './types';

export interface StreamFolder<S, E> {
  initialState: S;
  evolve(state: S, event: E): S;
  /** A stored event in the shape `evolve` takes (upcast, checked); throws when it cannot be read. */
  read(raw: RecordedEvent): E;
  /** Version of the state's JSON shape in snapshots; a snapshot of another version is ignored. */
  stateSchemaVersion: number;
}

export interface FoldOptions<S> {
  /** Fold only up to this version. */
  toVersion?: number;
  /** Fold only up to this moment (the last event recorded at or before it). */
  at?: Date;
  /** Start from the newest usable snapshot (default true); false folds every event. */
  useSnapshots?: boolean;
  /** Start from this state at this version (a cached fold) instead of a snapshot: only newer events are read. */
  from?: { state: S; version: number };
}

export interface FoldedStream<S> {
  state: S;
  /** The version of the last event folded (0: none): what the next append expects. */
  version: number;
  /** Version of the snapshot the fold started from (0: none). */
  snapshotVersion: number;
}

const PAGE = 1000;

/**
 * Folds the stream `streamId` of `store`: from `from`, or else from its newest snapshot whose schema version matches
 * and which lies within the limits (unless `useSnapshots` is false), then every event after it within the limits.
 * Returns the state, the version reached and the snapshot version it started from. Throws what `read` throws on an
 * unreadable event, and the store's errors.
 */
export async function aggregateStream<S, E>(
  store: EventStore,
  streamId: string,
  folder: StreamFolder<S, E>,
  limit: FoldOptions<S> = {},
): Promise<FoldedStream<S>> {
  let state = limit.from?.state ?? folder.initialState;
  let version = limit.from?.version ?? 0;
  let snapshotVersion = 0;
  if (!limit.from && limit.useSnapshots !== false) {
    const snap = await store.loadSnapshot(streamId);
    const usable =
      snap !== null &&
      snap.schemaVersion === folder.stateSchemaVersion &&
      (limit.toVersion === undefined || snap.version <= limit.toVersion) &&
      (limit.at === undefined || Date.parse(snap.at) <= limit.at.getTime());
    if (usable) {
      state = snap.state as S;
      version = snap.version;
      snapshotVersion = snap.version;
    }
  }
  const until = limit.at?.getTime();
  for (;;) {
    const page = await store.readStream(streamId, {
      fromVersion: version + 1,
      toVersion: limit.toVersion,
      limit: PAGE,
    });
    for (const e of page) {
      if (until !== undefined && Date.parse(e.recordedAt) > until) return { state, version, snapshotVersion };
      state = folder.evolve(state, folder.read(e));
      version = e.version;
    }
    if (page.length < PAGE) return { state, version, snapshotVersion };
  }
}
