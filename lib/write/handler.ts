// The one command handler, for any aggregate written as a decider: (already handled?) → load (snapshot + events) →
// decide → append with the loaded version, retrying on a conflict unless the caller pinned a version → snapshot
// when due. It is the only I/O of the write side. Commands arrive typed: parsing happens at the edges.
import { randomUUID } from 'node:crypto';
import type { Actor, Decider, Recorded } from '../domain';
import { type DomainError, isDomainError } from '../domain';
import { aggregateStream, type FoldedStream, type StreamFolder } from '../eventstore/aggregate-stream';
import { isDuplicateEvent, isInvalidArgument, isWrongExpectedVersion } from '../eventstore/errors';
import type { EventStore, JsonObject, JsonValue, RecordedEvent } from '../eventstore/types';
import { inSpan, traceHeaders } from '../observability/spans';
import { commandEventId, commandFingerprint } from './ids';

/** An aggregate as the handler needs it: its decider, where its streams are, and how its events are stored. */
export interface Aggregate<C extends { type: string }, E extends { type: string; data: unknown }, S, Ctx> {
  decider: Decider<C, E, S, Ctx>;
  /** The stream a command acts on. */
  streamOf(command: C): string;
  /** A stored event in its current shape (older shapes upcast); throws when it cannot be read. */
  read(raw: RecordedEvent): Recorded<E>;
  /** The schema version a new event is written with (kept in its metadata). */
  eventSchemaVersion(event: E): number;
  /** Version of the state's JSON shape in snapshots; bump it when the state changes shape. */
  stateSchemaVersion: number;
  /**
   * What `decide` needs besides the state (e.g. catalog entries), looked up again on every attempt, after the state is
   * loaded (it is given, so a lookup may depend on it).
   */
  context(command: C, actor: Actor, state: S): Ctx | Promise<Ctx>;
}

/** Who sends a command and how it relates to others. */
export interface CommandMeta {
  /** Chosen by the caller: the same id from the same actor again returns the first result and writes nothing. */
  commandId: string;
  /** Who sends it; `name` (a username) is recorded beside the id for people to read. */
  actor: Actor & { name?: string };
  correlationId?: string;
  causationId?: string;
  /** Pin: act only if the stream is still at this version; otherwise answer `conflict`, no retry. */
  expectedVersion?: number;
  /** Extra metadata recorded on every event (e.g. requestId). */
  metadata?: Record<string, string | number | boolean | null>;
}

/**
 * A command's outcome. `kind` says what happened, in one vocabulary from the domain to the HTTP status:
 * `rule` (422), `not_found` and `forbidden` (both 404), `conflict` (409/412). `code` names the reason precisely:
 * a rule of the aggregate (`NoLines`…), `CommandIdReused`, or `WrongExpectedVersion`.
 */
export type CommandResult =
  | {
      ok: true;
      streamId: string;
      /** The stream's version after the command. */
      version: number;
      /** Global position of the command's last event; null when the command changed nothing. */
      position: number | null;
    }
  | {
      ok: false;
      kind: 'rule' | 'not_found' | 'forbidden' | 'conflict';
      code: string;
      message: string;
      /** The stream's version now, for `conflict`. */
      currentVersion?: number;
    };

/** How a command ended, as metrics and logs count it. */
export type HandledOutcome = 'ok' | 'rule' | 'conflict' | 'not_found' | 'error';

/** Told what each command did (metrics and logs; see lib/observability). Called synchronously, must not throw. */
export interface CommandObserver {
  /** Before anything else: the command's type and the correlation id its events will carry. */
  started(o: { command: string; correlationId: string }): void;
  /**
   * Once per command: its type, outcome, seconds from receipt to outcome, the conflicts it retried after, and what
   * it threw (outcome `error`).
   */
  handled(o: { command: string; outcome: HandledOutcome; seconds: number; retries: number; error?: unknown }): void;
  /** After a successful append: the appended events' types and the append's duration in seconds. */
  appended(types: readonly string[], seconds: number): void;
}

export interface HandlerDeps {
  store: EventStore;
  observer?: CommandObserver;
  /** Take a snapshot when the version has moved this far past the last one (default 50; 0 = never). */
  snapshotEvery?: number;
  /** Told when a snapshot could not be written (the command still succeeded). */
  onSnapshotError?(error: unknown, streamId: string): void;
}

/** Reloads and decides again this many times after a conflict, when the caller did not pin a version. */
export const CONFLICT_RETRIES = 10;

/** The aggregate's stream folder: what loading (here, and temporal loads on the read side) folds with. */
export const folderOf = <C extends { type: string }, E extends { type: string; data: unknown }, S, Ctx>(
  a: Aggregate<C, E, S, Ctx>,
): StreamFolder<S, Recorded<E>> => ({
  initialState: a.decider.initialState,
  evolve: a.decider.evolve,
  read: a.read,
  stateSchemaVersion: a.stateSchemaVersion,
});

/**
 * Handles `command` for `meta.actor` against `aggregate`: returns the new version and position, or a refusal
 * (never throws for a refusal). Throws only what it cannot answer: the store's failures (connection…) and bugs.
 * Traced as a span `command <type>` with `load`, `decide` and `append` inside it; the observer hears the outcome.
 */
export async function handleCommand<C extends { type: string }, E extends { type: string; data: unknown }, S, Ctx>(
  deps: HandlerDeps,
  aggregate: Aggregate<C, E, S, Ctx>,
  command: C,
  meta: CommandMeta,
): Promise<CommandResult> {
  const started = performance.now();
  const correlationId = meta.correlationId ?? randomUUID();
  const causationId = meta.causationId ?? meta.commandId;
  const attributes = {
    'orderly.command.type': command.type,
    'orderly.command.id': meta.commandId,
    'orderly.correlation_id': correlationId,
    'orderly.causation_id': causationId,
  };
  const tally = { retries: 0 };
  deps.observer?.started({ command: command.type, correlationId });
  return inSpan(`command ${command.type}`, { attributes }, async (span) => {
    let outcome: HandledOutcome = 'error';
    let thrown: unknown;
    try {
      const result = await decideAndAppend(
        deps,
        aggregate,
        command,
        { ...meta, correlationId, causationId },
        tally,
      ).catch((error: unknown): CommandResult => {
        // The store refused a name built from the command (a stream id it cannot hold): the edges check shapes,
        // so this is a gap there, answered as a refusal with the store's message rather than a failure.
        if (!isInvalidArgument(error)) throw error;
        return { ok: false, kind: 'rule', code: 'InvalidArgument', message: error.message };
      });
      outcome = result.ok ? 'ok' : result.kind === 'forbidden' ? 'not_found' : result.kind;
      span.setAttribute('orderly.command.outcome', outcome);
      // A refusal is an answer, not a failure of the span: its reason is an attribute.
      if (result.ok) span.setAttribute('orderly.stream.version', result.version);
      else span.setAttribute('orderly.command.refusal', result.code);
      return result;
    } catch (error) {
      thrown = error;
      throw error;
    } finally {
      deps.observer?.handled({
        command: command.type,
        outcome,
        seconds: (performance.now() - started) / 1000,
        retries: tally.retries,
        ...(outcome === 'error' ? { error: thrown } : {}),
      });
    }
  });
}

async function decideAndAppend<C extends { type: string }, E extends { type: string; data: unknown }, S, Ctx>(
  deps: HandlerDeps,
  aggregate: Aggregate<C, E, S, Ctx>,
  command: C,
  meta: CommandMeta & { correlationId: string; causationId: string },
  tally: { retries: number },
): Promise<CommandResult> {
  const streamId = aggregate.streamOf(command);
  const fingerprint = commandFingerprint(command);
  const eventId = (i: number) => commandEventId(meta.actor.id, meta.commandId, i);
  const folder = folderOf(aggregate);

  const previous = await previousResult(deps.store, eventId(0), streamId, fingerprint);
  if (previous) return previous;

  // The command's trace context goes with its events: the projector's work on them joins the same trace.
  const metadata = { ...eventMetadata(command.type, meta, fingerprint), ...traceHeaders() };
  /** A conflict, unless this very command got written meanwhile (sent twice at once): then its first result. */
  const conflictOrFirst = async (expected: number, actual: number) =>
    (await previousResult(deps.store, eventId(0), streamId, fingerprint)) ?? conflict(streamId, expected, actual);
  for (let attempt = 0; attempt <= CONFLICT_RETRIES; attempt++) {
    if (attempt > 0) {
      tally.retries = attempt;
      await jitter(attempt);
    }
    const loaded = await inSpan('load', { attributes: { 'orderly.stream.id': streamId } }, async (span) => {
      const l = await aggregateStream(deps.store, streamId, folder);
      span.setAttributes({ 'orderly.stream.version': l.version, 'orderly.snapshot.version': l.snapshotVersion });
      return l;
    });
    let events: E[] = [];
    let refusal = null as DomainError | null; // set inside the span's callback
    await inSpan('decide', {}, async (span) => {
      try {
        events = aggregate.decider.decide(
          command,
          loaded.state,
          await aggregate.context(command, meta.actor, loaded.state),
        );
        span.setAttribute('orderly.events', events.length);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        refusal = error;
        span.setAttribute('orderly.refusal', error.code);
      }
    });
    // Visibility first: whoever may not see the stream learns nothing of it, not even its version.
    if (refusal && refusal.kind !== 'rule') return refused(refusal);
    if (meta.expectedVersion !== undefined && meta.expectedVersion !== loaded.version) {
      return conflictOrFirst(meta.expectedVersion, loaded.version);
    }
    // A rule may refuse because this command id's events were written since the check above (the same command sent
    // twice at once: "the order exists already"): answer as the first was answered, or as a reused id.
    if (refusal) return (await previousResult(deps.store, eventId(0), streamId, fingerprint)) ?? refused(refusal);
    // Nothing to write (the change is already so) leaves no trace of the command id: unless a command with this id
    // was written since the check above (another command sent with it at the same time), which answers for it.
    if (events.length === 0) {
      return (
        (await previousResult(deps.store, eventId(0), streamId, fingerprint)) ?? {
          ok: true,
          streamId,
          version: loaded.version,
          position: null,
        }
      );
    }
    try {
      const appendStarted = performance.now();
      const result = await inSpan(
        'append',
        { attributes: { 'orderly.stream.id': streamId, 'orderly.expected_version': loaded.version } },
        () =>
          deps.store.append(
            streamId,
            events.map((e, i) => ({
              type: e.type,
              data: e.data as JsonValue,
              eventId: eventId(i),
              metadata: { ...metadata, schemaVersion: aggregate.eventSchemaVersion(e) },
            })),
            { expectedVersion: loaded.version },
          ),
      );
      if (result.retried) {
        // The store already held events with these ids: this command id's, written by whichever command with it got
        // there first since this one looked (two commands with one id, sent at once). Answer as that one was answered,
        // or refuse a different command.
        const first = await previousResult(deps.store, eventId(0), streamId, fingerprint);
        if (first) return first;
      }
      deps.observer?.appended(
        events.map((e) => e.type),
        (performance.now() - appendStarted) / 1000,
      );
      await snapshotIfDue(deps, streamId, folder, loaded, result.version);
      return { ok: true, streamId, version: result.version, position: result.positions.at(-1)! };
    } catch (error) {
      if (isDuplicateEvent(error)) {
        // The same command, handled at the same time elsewhere, got there first.
        const first = await previousResult(deps.store, eventId(0), streamId, fingerprint);
        if (first) return first;
      }
      if (!isWrongExpectedVersion(error)) throw error;
      if (meta.expectedVersion !== undefined) return conflictOrFirst(meta.expectedVersion, error.actual);
    }
  }
  return (
    (await previousResult(deps.store, eventId(0), streamId, fingerprint)) ?? {
      ok: false,
      kind: 'conflict',
      code: 'WrongExpectedVersion',
      message: `${streamId} kept changing while this command was handled; try again`,
      currentVersion: await deps.store.streamVersion(streamId),
    }
  );
}

const refused = (e: DomainError): CommandResult => ({ ok: false, kind: e.kind, code: e.code, message: e.message });

/** Waits a little before retrying after a conflict (random, growing), so racing writers fall out of step. */
const jitter = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * 4 * attempt));

/** The first result of this command when it was handled before; a refusal when its id was used for another one. */
async function previousResult(
  store: EventStore,
  firstEventId: string,
  streamId: string,
  fingerprint: string,
): Promise<CommandResult | null> {
  const first = await store.readEvent(firstEventId);
  if (!first) return null;
  if (first.streamId !== streamId || first.metadata.commandHash !== fingerprint) {
    return {
      ok: false,
      kind: 'rule',
      code: 'CommandIdReused',
      message: `commandId ${String(first.metadata.commandId)} was already used for a different command`,
    };
  }
  const ofCommand = (await store.readStream(streamId, { fromVersion: first.version, limit: 100 })).filter(
    (e) => e.metadata.commandHash === fingerprint && e.metadata.commandId === first.metadata.commandId,
  );
  const last = ofCommand.at(-1) ?? first;
  return { ok: true, streamId, version: last.version, position: last.position };
}

function eventMetadata(
  commandType: string,
  meta: CommandMeta & { correlationId: string; causationId: string },
  fingerprint: string,
): JsonObject {
  return {
    ...meta.metadata,
    actor: meta.actor.id,
    actorName: meta.actor.name ?? meta.actor.id,
    actorRole: meta.actor.staff ? 'staff' : 'customer',
    commandId: meta.commandId,
    commandType,
    commandHash: fingerprint,
    correlationId: meta.correlationId,
    causationId: meta.causationId,
  };
}

async function snapshotIfDue<S, E>(
  deps: HandlerDeps,
  streamId: string,
  folder: StreamFolder<S, E>,
  loaded: FoldedStream<S>,
  newVersion: number,
): Promise<void> {
  const every = deps.snapshotEvery ?? 50;
  if (every <= 0 || newVersion - loaded.snapshotVersion < every) return;
  try {
    // The new events' recordedAt comes from the store: read them back to fold the exact state.
    const fresh = await deps.store.readStream(streamId, { fromVersion: loaded.version + 1, toVersion: newVersion });
    const last = fresh.at(-1);
    if (last?.version !== newVersion) return;
    let state = loaded.state;
    for (const e of fresh) state = folder.evolve(state, folder.read(e));
    await deps.store.saveSnapshot({
      streamId,
      version: newVersion,
      schemaVersion: folder.stateSchemaVersion,
      state: state as JsonValue,
      at: last.recordedAt,
    });
  } catch (error) {
    deps.onSnapshotError?.(error, streamId);
  }
}

function conflict(streamId: string, expected: number, actual: number): CommandResult {
  return {
    ok: false,
    kind: 'conflict',
    code: 'WrongExpectedVersion',
    message: `${streamId} is at version ${actual}, not ${expected}: it changed in between`,
    currentVersion: actual,
  };
}
