// Checks every argument before an adapter touches storage, so a refused call writes nothing, and turns events
// into the serialised form both adapters store.
import { randomUUID } from 'node:crypto';
import { DuplicateEventError, InvalidArgumentError } from './errors';
import type {
  AppendOptions,
  ExpectedVersion,
  ListStreamsOptions,
  ReadAllOptions,
  ReadStreamOptions,
  Snapshot,
  SubscribeOptions,
} from './types';

/** Documented limits (docs/event-store.md, "Limits"). */
export const LIMITS = {
  streamIdLength: 200,
  typeLength: 200,
  eventIdLength: 100,
  eventsPerAppend: 1000,
  /** Sum of the serialised data, metadata, type and id of all events of one append, in UTF-8 bytes. */
  appendBytes: 1024 * 1024,
  jsonDepth: 64,
  readLimit: 10_000,
  defaultReadLimit: 1000,
  defaultListLimit: 100,
} as const;

export interface PreparedEvent {
  eventId: string;
  type: string;
  data: string;
  metadata: string;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/; // C0, DEL and C1

/**
 * Refuses a string that is not well-formed Unicode (a lone half of a UTF-16 surrogate pair): Redis would store its
 * replacement bytes and SQLite another, so two such ids could collide, or one could not be found again.
 */
function checkWellFormed(value: string, what: string, index?: number, field?: string): void {
  if (!value.isWellFormed()) {
    const name = index === undefined ? what : `${what} ${index}: ${field}`;
    throw new InvalidArgumentError(`${name} must be well-formed Unicode (it holds a lone UTF-16 surrogate)`);
  }
}

export function checkStreamId(streamId: unknown): string {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new InvalidArgumentError('stream id must be a non-empty string');
  }
  if (streamId.length > LIMITS.streamIdLength) {
    throw new InvalidArgumentError(`stream id is longer than ${LIMITS.streamIdLength} characters`);
  }
  if (CONTROL.test(streamId)) throw new InvalidArgumentError('stream id must not contain control characters');
  checkWellFormed(streamId, 'stream id');
  return streamId;
}

export function checkExpectedVersion(expected: unknown): ExpectedVersion {
  if (expected === 'no_stream' || expected === 'stream_exists' || expected === 'any') return expected;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return expected;
  throw new InvalidArgumentError(
    `expectedVersion must be a whole number ≥ 0, 'no_stream', 'stream_exists' or 'any' (got ${String(expected)})`,
  );
}

export function prepareAppend(
  streamId: unknown,
  events: unknown,
  options: AppendOptions | undefined,
): { streamId: string; expected: ExpectedVersion; events: PreparedEvent[] } {
  const id = checkStreamId(streamId);
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError('append needs options with an expectedVersion');
  }
  const expected = checkExpectedVersion(options.expectedVersion);
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidArgumentError('append needs a non-empty array of events');
  }
  if (events.length > LIMITS.eventsPerAppend) {
    throw new InvalidArgumentError(`one append takes at most ${LIMITS.eventsPerAppend} events (got ${events.length})`);
  }
  const seen = new Set<string>();
  let units = 0;
  // A loop over every index, not map(): map skips the holes of a sparse array, which would leave gaps.
  const prepared = new Array<PreparedEvent>(events.length);
  for (let i = 0; i < events.length; i++) {
    if (!(i in events)) throw new InvalidArgumentError(`event ${i} is missing (the array has a hole)`);
    const p = prepareEvent(events[i], i);
    if (seen.has(p.eventId)) {
      throw new DuplicateEventError(p.eventId, `event id ${p.eventId} appears twice in one append`);
    }
    seen.add(p.eventId);
    units += p.data.length + p.metadata.length + p.type.length + p.eventId.length;
    prepared[i] = p;
  }
  // UTF-8 takes at most 3 bytes per UTF-16 unit: count the bytes only when that bound could pass the limit.
  const bytes =
    units * 3 <= LIMITS.appendBytes
      ? units
      : prepared.reduce(
          (sum, p) =>
            sum +
            Buffer.byteLength(p.data) +
            Buffer.byteLength(p.metadata) +
            Buffer.byteLength(p.type) +
            Buffer.byteLength(p.eventId),
          0,
        );
  if (bytes > LIMITS.appendBytes) {
    throw new InvalidArgumentError(`one append may hold at most ${LIMITS.appendBytes} bytes of events (got ${bytes})`);
  }
  return { streamId: id, expected, events: prepared };
}

function prepareEvent(event: unknown, i: number): PreparedEvent {
  // The hot path of every append: messages (and their strings) are built only when something is refused.
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    throw new InvalidArgumentError(`event ${i} must be an object with type and data`);
  }
  const { type, data, metadata, eventId } = event as Record<string, unknown>;
  if (typeof type !== 'string' || type.trim().length === 0) {
    throw new InvalidArgumentError(`event ${i}: type must be a non-empty string`);
  }
  if (type.length > LIMITS.typeLength || CONTROL.test(type)) {
    throw new InvalidArgumentError(`event ${i}: type must be at most ${LIMITS.typeLength} printable characters`);
  }
  checkWellFormed(type, 'event', i, 'type');
  let id: string;
  if (eventId === undefined) id = randomUUID();
  else if (
    typeof eventId === 'string' &&
    eventId.length > 0 &&
    eventId.length <= LIMITS.eventIdLength &&
    !CONTROL.test(eventId)
  ) {
    id = eventId;
    checkWellFormed(id, 'event', i, 'eventId');
  } else {
    throw new InvalidArgumentError(`event ${i}: eventId must be a string of 1 to ${LIMITS.eventIdLength} characters`);
  }
  if (data === undefined) throw new InvalidArgumentError(`event ${i}: data is required (use null or {} for none)`);
  if (!isPlainJson(data, 0, false)) assertPlainJson(data, `event ${i}: data`);
  if (metadata !== undefined) {
    if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
      throw new InvalidArgumentError(`event ${i}: metadata must be a plain object`);
    }
    if (!isPlainJson(metadata, 0, true)) assertPlainJson(metadata, `event ${i}: metadata`, { wellFormedKeys: true });
  }
  return {
    eventId: id,
    type,
    data: serialise(data, `event ${i}: data`),
    metadata: metadata === undefined ? '{}' : serialise(metadata, `event ${i}: metadata`),
  };
}

/**
 * JSON text of a value checked as plain JSON. A getter can still answer differently when JSON.stringify reads it
 * (a BigInt the second time): that is refused here too, not thrown as a TypeError.
 */
function serialise(value: unknown, where: string): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new InvalidArgumentError(`${where} could not be written as JSON: ${(error as Error).message}`);
  }
}

/**
 * Whether `value` is plain JSON that JSON.stringify writes unchanged (the rules of assertPlainJson), at `depth` (0 at
 * the top); with `keys`, object keys must be well-formed Unicode too. Builds no strings: the check every append
 * makes. A cycle shows as nesting deeper than LIMITS.jsonDepth.
 */
function isPlainJson(v: unknown, depth: number, keys: boolean): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'object': {
      if (v === null) return true;
      if (depth >= LIMITS.jsonDepth) return false;
      // Only own, enumerable, string-keyed properties reach JSON: anything else (a symbol key, a hidden property, an
      // Array subclass with its own toJSON) would be dropped or replaced silently.
      if (Array.isArray(v)) {
        if (Object.getPrototypeOf(v) !== Array.prototype || Object.getOwnPropertyNames(v).length !== v.length + 1)
          return false;
        if (Object.getOwnPropertySymbols(v).length > 0) return false;
        for (let i = 0; i < v.length; i++) if (!isPlainJson(v[i], depth + 1, keys)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return false;
      const names = Object.getOwnPropertyNames(v);
      if (Object.getOwnPropertySymbols(v).length > 0 || names.length !== Object.keys(v).length) return false;
      for (const k of names) {
        if (keys && !k.isWellFormed()) return false;
        if (!isPlainJson((v as Record<string, unknown>)[k], depth + 1, keys)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * Refuses anything JSON.stringify would silently drop, change or choke on; with `wellFormedKeys`, also object keys
 * that are not well-formed Unicode (metadata keys, which readers index). Throws InvalidArgumentError naming the
 * path of the first offending value (e.g. `event 0: data.lines[2].qty`).
 */
export function assertPlainJson(value: unknown, where: string, options: { wellFormedKeys?: boolean } = {}): void {
  // The hot path of every append: no strings are built unless something is refused (the path is kept as keys).
  const path: (string | number)[] = [];
  const onPath = new Set<object>();
  const at = () => where + path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('');
  const keys = options.wellFormedKeys === true;
  const visit = (v: unknown, depth: number): void => {
    if (depth > LIMITS.jsonDepth) throw new InvalidArgumentError(`${where} is nested deeper than ${LIMITS.jsonDepth}`);
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return;
      case 'number':
        if (!Number.isFinite(v)) throw new InvalidArgumentError(`${at()} is ${v}, which JSON cannot hold`);
        return;
      case 'object': {
        if (v === null) return;
        if (onPath.has(v)) throw new InvalidArgumentError(`${at()} refers back to itself (a cycle)`);
        onPath.add(v);
        if (Object.getOwnPropertySymbols(v).length > 0) {
          throw new InvalidArgumentError(`${at()} has symbol-keyed properties, which JSON would drop`);
        }
        if (Array.isArray(v)) {
          if (Object.getPrototypeOf(v) !== Array.prototype) {
            throw new InvalidArgumentError(`${at()} is a ${v.constructor?.name ?? 'derived'} array, not plain JSON`);
          }
          // JSON writes a hole as null and drops named properties of an array.
          if (Object.keys(v).length !== v.length || Object.getOwnPropertyNames(v).length !== v.length + 1) {
            throw new InvalidArgumentError(
              `${at()} is an array with holes or named properties, which JSON would change`,
            );
          }
          for (let i = 0; i < v.length; i++) {
            path.push(i);
            visit(v[i], depth + 1);
            path.pop();
          }
        } else {
          const proto = Object.getPrototypeOf(v);
          if (proto !== Object.prototype && proto !== null) {
            const name = (v as object).constructor?.name ?? 'unknown';
            throw new InvalidArgumentError(`${at()} is a ${name} instance, not plain JSON`);
          }
          const record = v as Record<string, unknown>;
          if (Object.getOwnPropertyNames(record).length !== Object.keys(record).length) {
            throw new InvalidArgumentError(`${at()} has non-enumerable properties, which JSON would drop`);
          }
          for (const k of Object.keys(record)) {
            path.push(k);
            if (keys && !k.isWellFormed()) {
              throw new InvalidArgumentError(
                `${at()}: key must be well-formed Unicode (it holds a lone UTF-16 surrogate)`,
              );
            }
            visit(record[k], depth + 1);
            path.pop();
          }
        }
        onPath.delete(v);
        return;
      }
      default:
        // undefined, function, bigint, symbol
        throw new InvalidArgumentError(`${at()} is ${typeof v}, which is not JSON`);
    }
  };
  visit(value, 0);
}

function positiveInt(value: unknown, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max} (got ${String(value)})`);
  }
  return value;
}

export interface StreamRange {
  fromVersion: number;
  toVersion: number;
  backward: boolean;
  limit: number;
}

/** Options may be left out (undefined); anything else must be an object. */
function optionsObject<T extends object>(options: T | undefined, what: string): Partial<T> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidArgumentError(`${what} options must be an object when given`);
  }
  return options;
}

export function checkReadStream(streamId: unknown, given?: ReadStreamOptions): StreamRange {
  checkStreamId(streamId);
  const options = optionsObject(given, 'readStream');
  const { direction = 'forward' } = options;
  if (direction !== 'forward' && direction !== 'backward') {
    throw new InvalidArgumentError(`direction must be 'forward' or 'backward' (got ${String(direction)})`);
  }
  return {
    fromVersion: positiveInt(options.fromVersion, 'fromVersion', 1),
    toVersion: positiveInt(options.toVersion, 'toVersion', Number.MAX_SAFE_INTEGER),
    backward: direction === 'backward',
    limit: positiveInt(options.limit, 'limit', LIMITS.defaultReadLimit, LIMITS.readLimit),
  };
}

/**
 * subscribeToAll's arguments: options an object (fromPosition and maxBatch checked as readAll's, maxBatch 500 when
 * absent), onError a function if given, and a handler function. Returns the options with the default filled in.
 */
export function checkSubscribe(
  given: SubscribeOptions,
  handler: unknown,
): { fromPosition: number; maxBatch: number; onError?: (error: unknown) => void } {
  const options = optionsObject(given, 'subscribeToAll');
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw new InvalidArgumentError('onError must be a function when given');
  }
  if (typeof handler !== 'function') throw new InvalidArgumentError('subscribeToAll needs a handler function');
  const r = checkReadAll({
    fromPosition: options.fromPosition,
    limit: options.maxBatch === undefined ? 500 : options.maxBatch,
  });
  return { fromPosition: r.fromPosition, maxBatch: r.limit, onError: options.onError };
}

export function checkReadAll(given?: ReadAllOptions): { fromPosition: number; limit: number } {
  const options = optionsObject(given, 'readAll');
  return {
    fromPosition: positiveInt(options.fromPosition, 'fromPosition', 1),
    limit: positiveInt(options.limit, 'limit', LIMITS.defaultReadLimit, LIMITS.readLimit),
  };
}

export interface StreamListQuery {
  /** Inclusive lower bound (or exclusive when `exclusive`). */
  from: string;
  exclusive: boolean;
  /** Exclusive upper bound, or null for none. */
  below: string | null;
  limit: number;
}

/** Stream ids are compared as bytes (UTF-8), as both Redis ZRANGEBYLEX and SQLite's BINARY collation do. */
export function checkListStreams(given?: ListStreamsOptions): StreamListQuery {
  const options = optionsObject(given, 'listStreams');
  const { prefix = '', after } = options;
  if (typeof prefix !== 'string') throw new InvalidArgumentError('prefix must be a string');
  if (after !== undefined && typeof after !== 'string') throw new InvalidArgumentError('after must be a string');
  checkWellFormed(prefix, 'prefix');
  if (after !== undefined) checkWellFormed(after, 'after');
  const limit = positiveInt(options.limit, 'limit', LIMITS.defaultListLimit, LIMITS.readLimit);
  const below = prefix === '' ? null : successor(prefix);
  if (after !== undefined && Buffer.compare(Buffer.from(after), Buffer.from(prefix)) >= 0)
    return { from: after, exclusive: true, below, limit };
  return { from: prefix, exclusive: false, below, limit };
}

/** The smallest string greater than every string starting with `prefix` (UTF-8 order = code point order). */
function successor(prefix: string): string | null {
  const points = Array.from(prefix);
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      let next = last + 1;
      if (next >= 0xd800 && next <= 0xdfff) next = 0xe000; // skip surrogates: not valid code points
      return points.join('') + String.fromCodePoint(next);
    }
  }
  return null;
}

export function checkEventId(eventId: unknown): string {
  if (typeof eventId !== 'string' || eventId.length === 0 || eventId.length > LIMITS.eventIdLength) {
    throw new InvalidArgumentError(`eventId must be a string of 1 to ${LIMITS.eventIdLength} characters`);
  }
  checkWellFormed(eventId, 'eventId');
  return eventId;
}

/** An ISO-8601 UTC time as Date.prototype.toISOString writes it (milliseconds optional). */
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/;

/** Whether an ISO_UTC string names a real instant as written (no 30 February, no 24:00): it survives a round trip. */
function isRealTime(at: string): boolean {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) return false;
  const written = new Date(ms).toISOString();
  return at.length === 20 ? written === `${at.slice(0, 19)}.000Z` : written.startsWith(at.slice(0, -1));
}

/** A snapshot ready to store: checked, with its state serialised. */
export function prepareSnapshot(snapshot: Snapshot): Omit<Snapshot, 'state'> & { state: string } {
  if (snapshot === null || typeof snapshot !== 'object') throw new InvalidArgumentError('a snapshot must be an object');
  checkStreamId(snapshot.streamId);
  positiveInt(snapshot.version, 'snapshot version', 1);
  if (!Number.isSafeInteger(snapshot.schemaVersion))
    throw new InvalidArgumentError('snapshot schemaVersion must be a whole number');
  if (typeof snapshot.at !== 'string' || !ISO_UTC.test(snapshot.at) || !isRealTime(snapshot.at)) {
    throw new InvalidArgumentError('snapshot at must be an ISO-8601 UTC time such as 2026-12-01T09:30:00.000Z');
  }
  if (snapshot.state === undefined) throw new InvalidArgumentError('snapshot state is required');
  assertPlainJson(snapshot.state, 'snapshot state');
  const state = JSON.stringify(snapshot.state);
  if (Buffer.byteLength(state) > LIMITS.appendBytes) {
    throw new InvalidArgumentError(`a snapshot may hold at most ${LIMITS.appendBytes} bytes`);
  }
  return {
    streamId: snapshot.streamId,
    version: snapshot.version,
    schemaVersion: snapshot.schemaVersion,
    at: snapshot.at,
    state,
  };
}

/**
 * The error for a snapshot the log contradicts: `recordedAt` is the time of the event at its version, null when the
 * stream holds no such version. A snapshot stands for that event's state and time (a temporal load relies on it).
 */
export function snapshotContradicts(
  s: { streamId: string; version: number; at: string },
  recordedAt: Date | null,
): InvalidArgumentError {
  return new InvalidArgumentError(
    recordedAt === null
      ? `a snapshot of "${s.streamId}" at version ${s.version}: the stream holds no such version`
      : `a snapshot of "${s.streamId}" at version ${s.version} says ${s.at}, but that event was recorded at ${recordedAt.toISOString()}`,
  );
}
