// The account store contract: every adapter must pass these, the way every event store passes
// lib/eventstore/contract.ts.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountStore, UserRecord } from './store';

export interface TestAccountStore {
  store: AccountStore;
  /** A second store over the same data, as another node would have. */
  other(): Promise<AccountStore>;
  destroy(): Promise<void>;
}

export function accountStoreContract(name: string, open: () => Promise<TestAccountStore>) {
  describe(`${name} account store`, () => {
    let t: TestAccountStore;
    let store: AccountStore;
    beforeEach(async () => {
      t = await open();
      store = t.store;
    });
    afterEach(() => t.destroy());

    const user = (username: string, id = randomUUID()): UserRecord => ({
      id,
      username,
      passwordHash: `scrypt$hash-of-${id}`,
      createdAt: new Date().toISOString(),
    });

    it('keeps a user and finds it by username; an unknown name is null', async () => {
      const ann = user('ann');
      expect(await store.createUser(ann)).toBe('created');
      expect(await store.userByName('ann')).toEqual(ann);
      expect(await store.userByName('bob')).toBeNull();
    });

    it('gives a username to exactly one of 20 racing sign-ups, over two connections, and keeps the winner', async () => {
      const other = await t.other();
      const candidates = Array.from({ length: 20 }, () => user('zoe'));
      const results = await Promise.all(candidates.map((u, i) => (i % 2 ? other : store).createUser(u)));
      expect(results.filter((r) => r === 'created')).toHaveLength(1);
      const winner = candidates[results.indexOf('created')]!;
      expect(await store.userByName('zoe')).toEqual(winner);
      expect(await other.userByName('zoe')).toEqual(winner);
    });

    it('refuses a taken username even under another id, and changes nothing of the first user', async () => {
      const first = user('max');
      await store.createUser(first);
      expect(await store.createUser({ ...user('max'), passwordHash: 'other' })).toBe('taken');
      expect(await store.userByName('max')).toEqual(first);
    });

    it('opens a session, answers whose it is on every connection, and ends it for all of them at once', async () => {
      const other = await t.other();
      const id = randomUUID();
      const expiresAt = new Date(Date.now() + 60_000);
      await store.openSession({ id, userId: 'u-1', username: 'ann', expiresAt });
      for (const s of [store, other]) {
        const open = await s.session(id);
        expect(open).toMatchObject({ userId: 'u-1', username: 'ann' });
        // Redis keeps a TTL in ms, measured from when it answers: within a second of what was asked.
        expect(Math.abs(open!.expiresAt.getTime() - expiresAt.getTime())).toBeLessThan(1000);
      }
      await other.endSession(id);
      expect(await store.session(id)).toBeNull();
      expect(await other.session(id)).toBeNull();
      expect(await store.session(randomUUID())).toBeNull();
    });

    it('answers no session once it has expired, and never opens one already expired', async () => {
      const id = randomUUID();
      const expiresAt = new Date(Date.now() + 60_000);
      await store.openSession({ id, userId: 'u-1', username: 'ann', expiresAt });
      expect(await store.session(id, new Date(expiresAt.getTime() - 1000))).not.toBeNull();
      expect(await store.session(id, new Date(expiresAt.getTime() + 1000))).toBeNull();
      const stale = randomUUID();
      await store.openSession({ id: stale, userId: 'u-1', username: 'ann', expiresAt: new Date(Date.now() - 1) });
      expect(await store.session(stale)).toBeNull();
    });

    it('ends every other session of a user at once, on every connection, and keeps the one asked for', async () => {
      const other = await t.other();
      const expiresAt = new Date(Date.now() + 60_000);
      const mine = [randomUUID(), randomUUID(), randomUUID()];
      for (const id of mine) await store.openSession({ id, userId: 'u-1', username: 'ann', expiresAt });
      const theirs = randomUUID();
      await store.openSession({ id: theirs, userId: 'u-2', username: 'bob', expiresAt });
      const ended = await other.endSessionsOf('u-1', mine[0]);
      expect(ended.sort()).toEqual([mine[1], mine[2]].sort());
      for (const s of [store, other]) {
        expect(await s.session(mine[0]!)).not.toBeNull();
        expect(await s.session(mine[1]!)).toBeNull();
        expect(await s.session(mine[2]!)).toBeNull();
        expect(await s.session(theirs)).not.toBeNull();
      }
      expect(await store.endSessionsOf('u-1', mine[0])).toEqual([]);
      expect(await store.endSessionsOf('u-1')).toEqual([mine[0]]);
      expect(await store.endSessionsOf('nobody')).toEqual([]);
    });

    it('replaces a password hash, seen on every connection', async () => {
      const other = await t.other();
      const ann = user('ann');
      await store.createUser(ann);
      await other.setPasswordHash(ann.id, 'scrypt$new');
      expect(await store.userByName('ann')).toEqual({ ...ann, passwordHash: 'scrypt$new' });
    });

    it('keeps one secret per name, made by whoever asks first', async () => {
      const other = await t.other();
      const values = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? other : store).secret('signing', () => randomUUID())),
      );
      expect(new Set(values).size).toBe(1);
      expect(await store.secret('signing', () => 'never used')).toBe(values[0]);
      expect(await store.secret('another', () => 'b')).toBe('b');
    });
  });
}
