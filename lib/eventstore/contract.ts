// The one contract every event store adapter must pass (the way RailsEventStore lints every repository).
// Each adapter's test file calls eventStoreContract with a way to open a fresh, empty store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aggregateStream, type StreamFolder } from './aggregate-stream';
import { DuplicateEventError, EventStoreError, InvalidArgumentError, WrongExpectedVersionError } from './errors';
import type { TestStore } from './testing';
import type { EventStore, NewEvent, RecordedEvent, Snapshot, Subscription } from './types';
import { LIMITS } from './validate';

const ev = (type: string, data: NewEvent['data'] = {}, extra: Partial<NewEvent> = {}): NewEvent => ({
  type,
  data,
  ...extra,
});

/** Everything observable about a store, to show a refused call changed nothing. */
async function snapshotOf(store: EventStore) {
  return { head: await store.headPosition(), all: await store.readAll({ limit: 10_000 }) };
}

async function collect(
  store: EventStore,
  fromPosition: number,
  count: number,
  onBatch?: (events: RecordedEvent[]) => Promise<void>,
) {
  const seen: RecordedEvent[] = [];
  let resolveDone!: () => void;
  const reached = new Promise<void>((r) => {
    resolveDone = r;
  });
  const sub = store.subscribeToAll({ fromPosition, maxBatch: 3 }, async (batch) => {
    await onBatch?.(batch);
    seen.push(...batch);
    if (seen.length >= count) resolveDone();
  });
  return { seen, reached, sub };
}

export function eventStoreContract(name: string, open: () => Promise<TestStore<EventStore>>) {
  describe(`${name} event store`, () => {
    let t: TestStore<EventStore>;
    let store: EventStore;
    beforeEach(async () => {
      t = await open();
      store = t.store;
    });
    afterEach(async () => {
      await t.destroy();
    });

    describe('expected version', () => {
      it('creates a stream with no_stream, and refuses no_stream once it exists', async () => {
        const r = await store.append('s-1', [ev('A'), ev('B')], { expectedVersion: 'no_stream' });
        expect(r).toEqual({ streamId: 's-1', version: 2, positions: [1, 2], retried: false });
        const error = await store.append('s-1', [ev('C')], { expectedVersion: 'no_stream' }).catch((e) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ streamId: 's-1', expected: 'no_stream', actual: 2 });
      });

      it('treats 0 as "must not exist"', async () => {
        await store.append('s-1', [ev('A')], { expectedVersion: 0 });
        await expect(store.append('s-1', [ev('B')], { expectedVersion: 0 })).rejects.toMatchObject({
          name: 'WrongExpectedVersionError',
          expected: 0,
          actual: 1,
        });
      });

      it('appends at the exact current version and refuses a stale or future one', async () => {
        await store.append('s-1', [ev('A')], { expectedVersion: 0 });
        expect((await store.append('s-1', [ev('B')], { expectedVersion: 1 })).version).toBe(2);
        for (const stale of [1, 3]) {
          const error = await store.append('s-1', [ev('C')], { expectedVersion: stale }).catch((e) => e);
          expect(error).toBeInstanceOf(WrongExpectedVersionError);
          expect(error).toMatchObject({ streamId: 's-1', expected: stale, actual: 2 });
          expect(error.message).toContain('version 2');
        }
        expect(await store.streamVersion('s-1')).toBe(2);
      });

      it('stream_exists refuses a missing stream and accepts an existing one', async () => {
        await expect(store.append('s-1', [ev('A')], { expectedVersion: 'stream_exists' })).rejects.toMatchObject({
          name: 'WrongExpectedVersionError',
          actual: 0,
        });
        expect(await store.streamVersion('s-1')).toBe(0);
        await store.append('s-1', [ev('A')], { expectedVersion: 'no_stream' });
        expect((await store.append('s-1', [ev('B')], { expectedVersion: 'stream_exists' })).version).toBe(2);
      });

      it('any appends whatever the version', async () => {
        expect((await store.append('s-1', [ev('A')], { expectedVersion: 'any' })).version).toBe(1);
        expect((await store.append('s-1', [ev('B')], { expectedVersion: 'any' })).version).toBe(2);
      });
    });

    describe('an append', () => {
      it('writes all its events or none, and a refused one uses up no position', async () => {
        await store.append('s-1', [ev('A')], { expectedVersion: 0 });
        const before = await snapshotOf(store);
        await expect(store.append('s-1', [ev('B'), ev('C'), ev('D')], { expectedVersion: 0 })).rejects.toBeInstanceOf(
          WrongExpectedVersionError,
        );
        expect(await snapshotOf(store)).toEqual(before);
        const r = await store.append('s-2', [ev('E'), ev('F')], { expectedVersion: 0 });
        expect(r.positions).toEqual([2, 3]);
      });

      it('stores each event with its id, type, stream, version, position, time, data and metadata', async () => {
        const t0 = Date.now();
        await store.append(
          'order-1',
          [
            ev('OrderCreated', { lines: [{ sku: 'x', qty: 2 }], note: 'ünïcødé ✓' }, { metadata: { actor: 'ann' } }),
            ev('ItemAdded', 42, { eventId: 'my-own-id' }),
          ],
          { expectedVersion: 'no_stream' },
        );
        const [a, b] = await store.readStream('order-1');
        expect(a).toMatchObject({
          type: 'OrderCreated',
          streamId: 'order-1',
          version: 1,
          position: 1,
          data: { lines: [{ sku: 'x', qty: 2 }], note: 'ünïcødé ✓' },
          metadata: { actor: 'ann' },
        });
        expect(a!.eventId).toMatch(/^[0-9a-f-]{36}$/);
        expect(b).toMatchObject({ eventId: 'my-own-id', data: 42, metadata: {}, version: 2, position: 2 });
        expect(a!.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        const at = Date.parse(a!.recordedAt);
        expect(at).toBeGreaterThanOrEqual(t0 - 1000);
        expect(at).toBeLessThanOrEqual(Date.now() + 1000);
        expect(await store.readAll()).toEqual([a, b]);
      });
    });

    describe('idempotent appends', () => {
      const batch = () => [ev('A', 1, { eventId: 'id-a' }), ev('B', 2, { eventId: 'id-b' })];

      it('returns the first result for a retried append and writes nothing, even after the stream moved on', async () => {
        const first = await store.append('s-1', batch(), { expectedVersion: 0 });
        expect(first.retried).toBe(false);
        await store.append('s-1', [ev('C')], { expectedVersion: 2 });
        await store.append('s-2', [ev('D')], { expectedVersion: 0 });
        const before = await snapshotOf(store);
        expect(await store.append('s-1', batch(), { expectedVersion: 0 })).toEqual({ ...first, retried: true });
        expect(await snapshotOf(store)).toEqual(before);
      });

      it('recognises a retry for every kind of expected version', async () => {
        for (const expectedVersion of ['any', 'stream_exists', 'no_stream'] as const) {
          const stream = `s-${expectedVersion}`;
          if (expectedVersion === 'stream_exists') await store.append(stream, [ev('Seed')], { expectedVersion: 0 });
          const events = [ev('A', 1, { eventId: `x-${expectedVersion}` })];
          const first = await store.append(stream, events, { expectedVersion });
          expect(await store.append(stream, events, { expectedVersion })).toEqual({ ...first, retried: true });
        }
        expect(await store.headPosition()).toBe(4);
      });

      it('refuses an event id reused in another stream, with another expected version, or in part', async () => {
        await store.append('s-1', batch(), { expectedVersion: 0 });
        const before = await snapshotOf(store);
        const attempts = [
          () => store.append('s-2', batch(), { expectedVersion: 0 }),
          () => store.append('s-1', batch(), { expectedVersion: 'any' }),
          () => store.append('s-1', batch(), { expectedVersion: 2 }),
          () => store.append('s-1', [batch()[0]!], { expectedVersion: 0 }),
          () => store.append('s-1', [ev('New', 0, { eventId: 'fresh' }), batch()[1]!], { expectedVersion: 2 }),
          () => store.append('s-1', [...batch()].reverse(), { expectedVersion: 0 }),
        ];
        for (const attempt of attempts) {
          const error = await attempt().catch((e) => e);
          expect(error).toBeInstanceOf(DuplicateEventError);
        }
        expect(await snapshotOf(store)).toEqual(before);
      });

      it('refuses the same event id twice in one append', async () => {
        const error = await store
          .append('s-1', [ev('A', 1, { eventId: 'dup' }), ev('B', 2, { eventId: 'dup' })], { expectedVersion: 'any' })
          .catch((e) => e);
        expect(error).toBeInstanceOf(DuplicateEventError);
        expect(error.eventId).toBe('dup');
        expect(await store.headPosition()).toBe(0);
      });
    });

    describe('reading a stream', () => {
      beforeEach(async () => {
        await store.append(
          's-1',
          [1, 2, 3, 4, 5, 6].map((n) => ev('N', n)),
          { expectedVersion: 0 },
        );
        await store.append('other', [ev('X')], { expectedVersion: 0 });
        await store.append(
          's-1',
          [7, 8].map((n) => ev('N', n)),
          { expectedVersion: 6 },
        );
      });
      const versions = (events: RecordedEvent[]) => events.map((e) => e.version);

      it('reads forward, from a version, to a version, up to a limit', async () => {
        expect(versions(await store.readStream('s-1'))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        expect(versions(await store.readStream('s-1', { fromVersion: 3 }))).toEqual([3, 4, 5, 6, 7, 8]);
        expect(versions(await store.readStream('s-1', { fromVersion: 3, toVersion: 5 }))).toEqual([3, 4, 5]);
        expect(versions(await store.readStream('s-1', { fromVersion: 2, limit: 3 }))).toEqual([2, 3, 4]);
        expect(versions(await store.readStream('s-1', { fromVersion: 9 }))).toEqual([]);
        expect((await store.readStream('s-1', { fromVersion: 7 })).map((e) => e.position)).toEqual([8, 9]);
      });

      it('reads backward: the newest first, within the range, up to a limit', async () => {
        expect(versions(await store.readStream('s-1', { direction: 'backward' }))).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
        expect(versions(await store.readStream('s-1', { direction: 'backward', limit: 2 }))).toEqual([8, 7]);
        expect(versions(await store.readStream('s-1', { direction: 'backward', toVersion: 4, limit: 2 }))).toEqual([
          4, 3,
        ]);
        expect(versions(await store.readStream('s-1', { direction: 'backward', fromVersion: 6 }))).toEqual([8, 7, 6]);
      });

      it('reads a missing stream as empty, at version 0', async () => {
        expect(await store.readStream('nope')).toEqual([]);
        expect(await store.streamVersion('nope')).toBe(0);
        expect(await store.streamVersion('s-1')).toBe(8);
      });
    });

    describe('the global log', () => {
      it('holds every event of every stream once, at positions 1..N in append order', async () => {
        const order: string[] = [];
        for (let i = 0; i < 20; i++) {
          const stream = `s-${i % 3}`;
          const r = await store.append(stream, [ev('N', i), ev('M', i)], { expectedVersion: 'any' });
          order.push(`${stream}@${r.version - 1}`, `${stream}@${r.version}`);
        }
        const all = await store.readAll({ limit: 1000 });
        expect(all.map((e) => e.position)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
        expect(all.map((e) => `${e.streamId}@${e.version}`)).toEqual(order);
        expect(await store.headPosition()).toBe(40);
        expect((await store.readAll({ fromPosition: 38 })).map((e) => e.position)).toEqual([38, 39, 40]);
        expect((await store.readAll({ fromPosition: 5, limit: 2 })).map((e) => e.position)).toEqual([5, 6]);
        expect(await store.readAll({ fromPosition: 41 })).toEqual([]);
      });
    });

    describe('listing streams', () => {
      it('pages through stream ids in byte order, by prefix', async () => {
        const ids = ['order-b', 'order-a', 'cart-1', 'order-c', 'orders', 'order-é', 'order-😀', 'p'];
        for (const id of ids) await store.append(id, [ev('X')], { expectedVersion: 0 });
        await store.append('order-a', [ev('Y')], { expectedVersion: 1 }); // listed once
        const byBytes = [...ids].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
        expect(await store.listStreams()).toEqual(byBytes);
        const pages: string[][] = [];
        let after: string | undefined;
        for (;;) {
          const page = await store.listStreams({ prefix: 'order-', after, limit: 2 });
          if (page.length === 0) break;
          pages.push(page);
          after = page.at(-1);
        }
        expect(pages).toEqual([['order-a', 'order-b'], ['order-c', 'order-é'], ['order-😀']]);
        expect(await store.listStreams({ prefix: 'zzz' })).toEqual([]);
        expect(await store.listStreams({ after: 'order-c', limit: 2 })).toEqual(['order-é', 'order-😀']);
      });
    });

    describe('ids that come back as they went in', () => {
      // Each is a different id: composed and decomposed é, astral characters, separators, quotes, a 200-long one.
      const ids = [
        'order-\u00e9',
        'order-e\u0301',
        'chat-\ud83d\ude00',
        'chat-\ufffd',
        'a|b|c',
        'a b  c',
        'quote"back\\slash',
        '{tag}:with:colons*?[x]',
        '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
        'z'.repeat(LIMITS.streamIdLength),
      ];

      it('stores, reads, lists and finds every well-formed id byte-identical', async () => {
        for (const [i, id] of ids.entries()) {
          await store.append(id, [ev('Named', { i }, { eventId: `${id.slice(0, 90)}#${i}`, metadata: { [id]: i } })], {
            expectedVersion: 'no_stream',
          });
        }
        const bytes = (s: string) => Buffer.from(s).toString('hex');
        const all = await store.readAll();
        expect(all.map((e) => bytes(e.streamId))).toEqual(ids.map(bytes));
        for (const [i, id] of ids.entries()) {
          const [event] = await store.readStream(id);
          expect(event).toMatchObject({ streamId: id, eventId: `${id.slice(0, 90)}#${i}`, metadata: { [id]: i } });
          expect(await store.readStream(id, { direction: 'backward', limit: 1 })).toEqual([event]);
          expect(await store.readEvent(event!.eventId)).toEqual(event);
          expect(await store.streamVersion(id)).toBe(1);
        }
        const listed = await store.listStreams({ limit: 100 });
        expect(listed.map(bytes).sort()).toEqual(ids.map(bytes).sort());
      });

      const halves: [string, () => Promise<unknown>][] = [
        [
          'a stream id ending in a high surrogate',
          () => store.append('chat-\ud83d', [ev('A')], { expectedVersion: 0 }),
        ],
        ['a stream id holding a low surrogate', () => store.append('chat-\ude00', [ev('A')], { expectedVersion: 0 })],
        [
          'an event id with a lone surrogate',
          () => store.append('s', [ev('A', {}, { eventId: 'e-\ud800' })], { expectedVersion: 'any' }),
        ],
        ['a type with a lone surrogate', () => store.append('s', [ev('T\udfff')], { expectedVersion: 'any' })],
        [
          'a metadata key with a lone surrogate',
          () => store.append('s', [ev('A', {}, { metadata: { 'k\ud83d': 1 } })], { expectedVersion: 'any' }),
        ],
        [
          'a nested metadata key with a lone surrogate',
          () => store.append('s', [ev('A', {}, { metadata: { k: { '\ude00': 1 } } })], { expectedVersion: 'any' }),
        ],
        ['a read of such a stream', () => store.readStream('chat-\ud83d')],
        ['a listing by such a prefix', () => store.listStreams({ prefix: 'chat-\ud83d' })],
        ['a listing after such an id', () => store.listStreams({ after: 'chat-\ude00' })],
        ['a lookup of such an event id', () => store.readEvent('e-\ud800')],
        [
          'a snapshot of such a stream',
          () =>
            store.saveSnapshot({
              streamId: 'x\ud83d',
              version: 1,
              schemaVersion: 1,
              state: {},
              at: new Date().toISOString(),
            }),
        ],
      ];
      it.each(halves)('refuses %s (not well-formed Unicode) before writing anything', async (_, attempt) => {
        await store.append('s', [ev('Seed')], { expectedVersion: 0 });
        const before = await snapshotOf(store);
        const error = (await attempt().catch((e: unknown) => e)) as Error;
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect(error.message).toMatch(/well-formed Unicode/);
        expect(await snapshotOf(store)).toEqual(before);
      });

      it('keeps data strings that are not well-formed Unicode exactly as given', async () => {
        const data = { lone: 'x\ud83dy', low: '\ude00', pair: '\ud83d\ude00' };
        await store.append('s', [ev('A', data)], { expectedVersion: 0 });
        expect((await store.readStream('s'))[0]!.data).toEqual(data);
        expect((await store.readAll())[0]!.data).toEqual(data);
      });
    });

    describe('one clock order', () => {
      it('never records an event before the one ahead of it in the log, even when the clock steps back', async (ctx) => {
        if (!t.stepClockBack) return ctx.skip();
        await store.append('order-1', [ev('A', 1)], { expectedVersion: 0 });
        await t.stepClockBack(60 * 60_000);
        await store.append('order-1', [ev('B', 2)], { expectedVersion: 1 });
        await store.append('order-2', [ev('C', 3), ev('D', 4)], { expectedVersion: 0 });
        await store.append('order-1', [ev('E', 5)], { expectedVersion: 2 });
        const all = await store.readAll();
        const times = all.map((e) => Date.parse(e.recordedAt));
        expect(times).toEqual([...times].sort((a, b) => a - b));

        // A temporal load has one answer for every instant, with and without snapshots.
        const folder: StreamFolder<number[], number> = {
          initialState: [],
          evolve: (state, n) => [...state, n],
          read: (raw) => raw.data as number,
          stateSchemaVersion: 1,
        };
        const stream = await store.readStream('order-1');
        await store.saveSnapshot({
          streamId: 'order-1',
          version: 2,
          schemaVersion: 1,
          state: [1, 2],
          at: stream[1]!.recordedAt,
        });
        const instants = all.flatMap((e) => [-1, 0, 1, 5].map((d) => new Date(Date.parse(e.recordedAt) + d)));
        instants.push(new Date(times[0]! - 60 * 60_000));
        for (const at of instants) {
          const withSnapshot = await aggregateStream(store, 'order-1', folder, { at });
          const folded = await aggregateStream(store, 'order-1', folder, { at, useSnapshots: false });
          expect({ at, ...withSnapshot, snapshotVersion: 0 }).toEqual({ at, ...folded });
        }
      });
    });

    describe('finding an event by id', () => {
      it('returns the stored event, or null for an unknown id', async () => {
        await store.append('s-1', [ev('A', 1, { eventId: 'first' }), ev('B', 2, { eventId: 'second' })], {
          expectedVersion: 0,
        });
        const [, second] = await store.readStream('s-1');
        expect(await store.readEvent('second')).toEqual(second);
        expect(await store.readEvent('third')).toBeNull();
        await expect(store.readEvent('')).rejects.toBeInstanceOf(InvalidArgumentError);
      });
    });

    describe('snapshots', () => {
      // A snapshot stands for a version the stream holds, at that event's time.
      beforeEach(async () => {
        await store.append(
          'order-1',
          Array.from({ length: 100 }, (_, i) => ev('N', i + 1)),
          { expectedVersion: 0 },
        );
      });
      const timeOf = async (version: number) =>
        (await store.readStream('order-1', { fromVersion: version, toVersion: version }))[0]!.recordedAt;
      const snap = async (version: number, state: Snapshot['state'] = { total: version }): Promise<Snapshot> => ({
        streamId: 'order-1',
        version,
        schemaVersion: 3,
        state,
        at: await timeOf(version),
      });

      it('keeps the newest snapshot of a stream, and none of a stream without one', async () => {
        expect(await store.loadSnapshot('order-1')).toBeNull();
        const fifty = await snap(50, { lines: [{ q: 1 }], status: 'draft' });
        expect(await store.saveSnapshot(fifty)).toBe(true);
        expect(await store.loadSnapshot('order-1')).toEqual(fifty);
        expect(await store.saveSnapshot(await snap(100))).toBe(true);
        expect(await store.saveSnapshot(await snap(75))).toBe(false); // older: ignored
        expect(await store.saveSnapshot(await snap(100, { other: true }))).toBe(false); // same version: kept as is
        expect(await store.loadSnapshot('order-1')).toEqual(await snap(100));
        expect(await store.loadSnapshot('order-2')).toBeNull();
      });

      it('refuses a snapshot that is not plain JSON or has no version', async () => {
        await expect(store.saveSnapshot(await snap(1, { d: new Date() } as never))).rejects.toBeInstanceOf(
          InvalidArgumentError,
        );
        await expect(store.saveSnapshot({ ...(await snap(1)), version: 0 })).rejects.toBeInstanceOf(
          InvalidArgumentError,
        );
        // Only a UTC time as toISOString writes it: Date.parse would read these in the server's zone or loosely, and
        // the last two name no real instant (30 February, 24:00).
        for (const at of [
          'yesterday',
          '1',
          '2026-12-01',
          '2026-12-01T10:00:00',
          'Tue, 01 Dec 2026 10:00:00 GMT',
          '2026-02-30T10:00:00.000Z',
          '2026-12-01T24:00:00.000Z',
        ]) {
          await expect(store.saveSnapshot({ ...(await snap(1)), at })).rejects.toBeInstanceOf(InvalidArgumentError);
        }
        await expect(
          store.saveSnapshot({ ...(await snap(1)), state: Object.assign([1], { extra: true }) }),
        ).rejects.toBeInstanceOf(InvalidArgumentError);
        expect(await store.loadSnapshot('order-1')).toBeNull();
      });

      it('refuses a snapshot that contradicts the log: a version it does not hold, or another time', async () => {
        const ahead = { ...(await snap(100)), version: 101 };
        const ghost = { ...(await snap(1)), streamId: 'ghost' };
        const otherTime = { ...(await snap(1)), at: new Date(Date.parse(await timeOf(1)) + 1).toISOString() };
        for (const wrong of [ahead, ghost, otherTime]) {
          await expect(store.saveSnapshot(wrong)).rejects.toBeInstanceOf(InvalidArgumentError);
        }
        expect(await store.loadSnapshot('order-1')).toBeNull();
        expect(await store.loadSnapshot('ghost')).toBeNull();
        // The true one is still taken.
        expect(await store.saveSnapshot(await snap(100))).toBe(true);
      });
    });

    describe('subscribing to all', () => {
      it('catches up from a position, then delivers live appends in order', async () => {
        for (let i = 1; i <= 5; i++) await store.append(`s-${i}`, [ev('Old', i)], { expectedVersion: 0 });
        const { seen, reached, sub } = await collect(store, 3, 3 + 4);
        await store.append('s-9', [ev('New', 6), ev('New', 7)], { expectedVersion: 0 });
        await store.append('s-1', [ev('New', 8), ev('New', 9)], { expectedVersion: 1 });
        await reached;
        await sub.close();
        expect(seen.map((e) => e.position)).toEqual([3, 4, 5, 6, 7, 8, 9]);
        expect(seen.map((e) => e.data)).toEqual([3, 4, 5, 6, 7, 8, 9]);
        expect(sub.lastPosition).toBe(9);
      });

      it('resumes from the position after the last one handled', async () => {
        for (let i = 1; i <= 4; i++) await store.append('s', [ev('E', i)], { expectedVersion: 'any' });
        const first = await collect(store, 1, 4);
        await first.reached;
        await first.sub.close();
        await store.append('s', [ev('E', 5), ev('E', 6)], { expectedVersion: 4 });
        const second = await collect(store, first.sub.lastPosition + 1, 2);
        await second.reached;
        await second.sub.close();
        expect(second.seen.map((e) => e.position)).toEqual([5, 6]);
      });

      it('waits for the handler before delivering the next batch', async () => {
        for (let i = 1; i <= 9; i++) await store.append('s', [ev('E', i)], { expectedVersion: 'any' });
        let inFlight = 0;
        let maxInFlight = 0;
        const { seen, reached, sub } = await collect(store, 1, 9, async () => {
          maxInFlight = Math.max(maxInFlight, ++inFlight);
          await new Promise((r) => setTimeout(r, 5));
          inFlight--;
        });
        await reached;
        await sub.close();
        expect(maxInFlight).toBe(1);
        expect(seen.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      });

      it('stops, and rejects done, when the handler throws', async () => {
        await store.append('s', [ev('E', 1), ev('Boom', 2)], { expectedVersion: 0 });
        const sub = store.subscribeToAll({}, (events) => {
          if (events.some((e) => e.type === 'Boom')) throw new Error('handler failed');
        });
        await expect(sub.done).rejects.toThrow('handler failed');
        expect(sub.lastPosition).toBe(0);
      });

      it('closed from inside its handler, stops after that batch and lets the store close', async () => {
        await store.append('s', [ev('E', 1), ev('E', 2), ev('E', 3)], { expectedVersion: 0 });
        const seen: number[] = [];
        const sub: Subscription = store.subscribeToAll({ maxBatch: 1 }, async (batch) => {
          seen.push(...batch.map((e) => e.position));
          await sub.close(); // "stop after this one": waiting for the handler here would wait for itself
        });
        await sub.done;
        expect(seen).toEqual([1]);
        expect(sub.lastPosition).toBe(1);
      });

      it('closed by work an earlier batch started, waits for the batch in hand', async () => {
        for (let i = 1; i <= 2; i++) await store.append('s', [ev('E', i)], { expectedVersion: 'any' });
        const order: string[] = [];
        let closing: Promise<void> | null = null;
        let inSecond = () => {};
        const secondStarted = new Promise<void>((resolve) => {
          inSecond = resolve;
        });
        let finishSecond = () => {};
        const sub: Subscription = store.subscribeToAll({ maxBatch: 1 }, async (batch) => {
          if (batch[0]!.position === 1) {
            // Work batch 1 starts, which runs while batch 2 is in hand.
            void secondStarted.then(() => {
              closing = sub.close().then(() => {
                order.push('close resolved');
              });
            });
            return;
          }
          await new Promise<void>((resolve) => {
            finishSecond = resolve;
            inSecond();
          });
          order.push('batch 2 done');
        });
        await secondStarted;
        await new Promise((resolve) => setImmediate(resolve)); // every step close() can take without batch 2
        finishSecond();
        await closing;
        expect(order).toEqual(['batch 2 done', 'close resolved']);
        expect(sub.lastPosition).toBe(2);
      });

      it('is refused on a closed store', async () => {
        const other = await open();
        await other.destroy();
        expect(() => other.store.subscribeToAll({}, () => {})).toThrow(EventStoreError);
      });

      it('stops delivering after close()', async () => {
        const { seen, sub } = await collect(store, 1, 1);
        await sub.close();
        await store.append('s', [ev('E', 1)], { expectedVersion: 0 });
        await new Promise((r) => setTimeout(r, 150));
        expect(seen).toEqual([]);
        await expect(sub.done).resolves.toBeUndefined();
      });
    });

    describe('bad input', () => {
      const cyclic: Record<string, unknown> = { a: 1 };
      const holey: number[] = [];
      holey[2] = 3; // indexes 0 and 1 are holes
      cyclic.self = cyclic;
      const sparse = new Array<NewEvent>(3); // an events array with a hole at 1
      sparse[0] = ev('A');
      sparse[2] = ev('C');
      class Tagged extends Array<number> {
        toJSON() {
          return 'replaced';
        }
      }
      const hidden = Object.defineProperty({ a: 1 }, 'hidden', { value: 2, enumerable: false });
      /** An object whose property reads 1 when checked and a BigInt when written. */
      const fickle = () => {
        let reads = 0;
        return Object.defineProperty({}, 'n', { enumerable: true, get: () => (reads++ === 0 ? 1 : 10n) });
      };
      // Over the limit in UTF-8 bytes only through its type and id (3 bytes per character, 1 unit each).
      const euroType = '€'.repeat(LIMITS.typeLength);
      const euroId = '€'.repeat(LIMITS.eventIdLength);
      const overInBytes = ev(
        euroType,
        'x'.repeat(LIMITS.appendBytes - 4 - euroType.length * 3 - euroId.length * 3 + 1),
        {
          eventId: euroId,
        },
      );
      const cases: [string, () => Promise<unknown>][] = [
        ['an empty stream id', () => store.append('', [ev('A')], { expectedVersion: 'any' })],
        [
          'an over-long stream id',
          () => store.append('x'.repeat(LIMITS.streamIdLength + 1), [ev('A')], { expectedVersion: 'any' }),
        ],
        ['a stream id with a control character', () => store.append('a\nb', [ev('A')], { expectedVersion: 'any' })],
        ['a non-string stream id', () => store.append(42 as never, [ev('A')], { expectedVersion: 'any' })],
        [
          'a stream id with a C1 control character',
          () => store.append('a\u0085b', [ev('A')], { expectedVersion: 'any' }),
        ],
        ['a type with a C1 control character', () => store.append('s', [ev('A\u009b')], { expectedVersion: 'any' })],
        ['an events array with a hole', () => store.append('s', sparse, { expectedVersion: 'any' })],
        [
          'an Array subclass in data',
          () => store.append('s', [ev('A', Tagged.from([1]) as never)], { expectedVersion: 'any' }),
        ],
        [
          'a symbol-keyed property in data',
          () => store.append('s', [ev('A', { a: 1, [Symbol('s')]: 2 } as never)], { expectedVersion: 'any' }),
        ],
        ['a non-enumerable property in data', () => store.append('s', [ev('A', hidden)], { expectedVersion: 'any' })],
        [
          'an append over the size limit in UTF-8 bytes',
          () => store.append('s', [overInBytes], { expectedVersion: 'any' }),
        ],
        ['null options to readStream', () => store.readStream('s', null as never)],
        ['null options to readAll', () => store.readAll(null as never)],
        ['null options to listStreams', () => store.listStreams(null as never)],
        ['null options to subscribeToAll', async () => store.subscribeToAll(null as never, () => {})],
        ['no handler to subscribeToAll', async () => store.subscribeToAll({}, undefined as never)],
        ['a null maxBatch to subscribeToAll', async () => store.subscribeToAll({ maxBatch: null as never }, () => {})],
        [
          'data whose getter answers JSON.stringify with a BigInt',
          () => store.append('s', [ev('A', fickle() as never)], { expectedVersion: 'any' }),
        ],
        ['no events', () => store.append('s', [], { expectedVersion: 'any' })],
        ['an empty type', () => store.append('s', [ev('')], { expectedVersion: 'any' })],
        ['a blank type', () => store.append('s', [ev('  ')], { expectedVersion: 'any' })],
        ['a non-string type', () => store.append('s', [{ type: 7, data: {} } as never], { expectedVersion: 'any' })],
        ['undefined data', () => store.append('s', [{ type: 'A' } as never], { expectedVersion: 'any' })],
        [
          'undefined inside data',
          () => store.append('s', [ev('A', { x: undefined } as never)], { expectedVersion: 'any' }),
        ],
        ['a function in data', () => store.append('s', [ev('A', { f: () => 1 } as never)], { expectedVersion: 'any' })],
        ['a BigInt in data', () => store.append('s', [ev('A', { n: 10n } as never)], { expectedVersion: 'any' })],
        ['NaN in data', () => store.append('s', [ev('A', { n: Number.NaN })], { expectedVersion: 'any' })],
        ['a Date in data', () => store.append('s', [ev('A', { d: new Date() } as never)], { expectedVersion: 'any' })],
        ['a cycle in data', () => store.append('s', [ev('A', cyclic as never)], { expectedVersion: 'any' })],
        // JSON would store these changed: a hole as null, a named property of an array not at all.
        ['an array with a hole', () => store.append('s', [ev('A', holey as never)], { expectedVersion: 'any' })],
        [
          'an array with a named property',
          () =>
            store.append('s', [ev('A', Object.assign([1, 2], { extra: 'lost' }) as never)], { expectedVersion: 'any' }),
        ],
        [
          'metadata that is not an object',
          () => store.append('s', [ev('A', {}, { metadata: [] as never })], { expectedVersion: 'any' }),
        ],
        [
          'a function in metadata',
          () => store.append('s', [ev('A', {}, { metadata: { f: () => 1 } as never })], { expectedVersion: 'any' }),
        ],
        ['an empty event id', () => store.append('s', [ev('A', {}, { eventId: '' })], { expectedVersion: 'any' })],
        ['a bad expected version', () => store.append('s', [ev('A')], { expectedVersion: -1 })],
        ['a fractional expected version', () => store.append('s', [ev('A')], { expectedVersion: 1.5 })],
        ['no options', () => store.append('s', [ev('A')], undefined as never)],
        [
          'an append over the size limit',
          () =>
            store.append(
              's',
              [ev('A', 'x'.repeat(LIMITS.appendBytes / 2)), ev('B', 'y'.repeat(LIMITS.appendBytes / 2))],
              {
                expectedVersion: 'any',
              },
            ),
        ],
        [
          'too many events in one append',
          () =>
            store.append(
              's',
              Array.from({ length: LIMITS.eventsPerAppend + 1 }, () => ev('A')),
              { expectedVersion: 'any' },
            ),
        ],
        ['a read from version 0', () => store.readStream('s', { fromVersion: 0 })],
        ['a read with a zero limit', () => store.readStream('s', { limit: 0 })],
        ['a read in a made-up direction', () => store.readStream('s', { direction: 'sideways' as never })],
        ['readAll from position -1', () => store.readAll({ fromPosition: -1 })],
        ['readAll with a huge limit', () => store.readAll({ limit: LIMITS.readLimit + 1 })],
      ];
      it.each(cases)('refuses %s with a clear error and writes nothing', async (_, attempt) => {
        await store.append('s', [ev('Seed')], { expectedVersion: 0 });
        const before = await snapshotOf(store);
        const error = (await attempt().catch((e: unknown) => e)) as Error;
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect(error.message.length).toBeGreaterThan(10);
        expect(await snapshotOf(store)).toEqual(before);
      });

      it('accepts an append just under the size limit', async () => {
        const r = await store.append('s', [ev('A', 'x'.repeat(LIMITS.appendBytes - 100))], { expectedVersion: 0 });
        expect(r.version).toBe(1);
        expect((await store.readStream('s'))[0]!.data).toHaveLength(LIMITS.appendBytes - 100);
      });
    });
  });
}
