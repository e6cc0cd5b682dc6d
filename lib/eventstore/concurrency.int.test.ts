// 16 writers race on one stream, each reading the version and appending with it: optimistic concurrency must
// let exactly one writer win each version, and the global log must hold every winner once, in order.
import { describe, expect, it } from 'vitest';
import { WrongExpectedVersionError } from './errors';
import { openRedisStoreForTest, openSqliteStoreForTest, type TestStore } from './testing';
import type { EventStore } from './types';

const WRITERS = 16;
const ATTEMPTS = 2000;

for (const [name, open] of [
  ['redis', openRedisStoreForTest],
  ['sqlite', openSqliteStoreForTest],
] as [string, () => Promise<TestStore<EventStore>>][]) {
  describe(`${name} event store under ${WRITERS} concurrent writers`, () => {
    it(`gives every version to exactly one of ${ATTEMPTS} attempts`, async () => {
      const { store, destroy } = await open();
      try {
        let next = 0;
        let conflicts = 0;
        const won: string[] = [];
        const writer = async (w: number) => {
          while (next < ATTEMPTS) {
            const attempt = next++;
            const version = await store.streamVersion('race');
            // Yield so that other writers read the same version before this one appends.
            await new Promise((r) => setImmediate(r));
            const eventId = `w${w}-a${attempt}`;
            try {
              await store.append('race', [{ type: 'Tick', data: { w, attempt }, eventId }], {
                expectedVersion: version,
              });
              won.push(eventId);
            } catch (error) {
              if (!(error instanceof WrongExpectedVersionError)) throw error;
              conflicts++;
            }
          }
        };
        await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));

        expect(won.length + conflicts).toBe(ATTEMPTS);
        expect(won.length).toBeGreaterThan(0);
        expect(conflicts).toBeGreaterThan(0); // the race really happened
        const stream = await store.readStream('race', { limit: 10_000 });
        expect(stream.map((e) => e.version)).toEqual(Array.from({ length: won.length }, (_, i) => i + 1));
        const all = await store.readAll({ limit: 10_000 });
        expect(all.map((e) => e.position)).toEqual(Array.from({ length: won.length }, (_, i) => i + 1));
        // Winners in the order their appends were acknowledged are the log's order.
        expect(all.map((e) => e.eventId)).toEqual(won);
      } finally {
        await destroy();
      }
    });
  });
}
