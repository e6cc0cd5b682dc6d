// A read model serves only the store of record it was built from.
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { created, itemAdded } from '../orders/testing';
import { readCheckpoint, writeCheckpoint } from './checkpoints';
import { ensureReadModelOf } from './identity';
import { type GivenModel, givenEvents } from './projections/testing';
import { dumpTables } from './testing';

const log = pino({ level: 'silent' });
let given: GivenModel | undefined;
afterEach(() => given?.close());

const rows = (g: GivenModel) => dumpTables(g.db, ['order_summaries', 'order_activity', 'order_state']);
const built = () => {
  given = givenEvents([created(), itemAdded('mug', 1)]);
  writeCheckpoint(given.db, 'orders', 2, 2);
  return given;
};

describe('a read model', () => {
  it('is kept when it meets its own store again', () => {
    const g = built();
    expect(ensureReadModelOf(g.db, 'store-a', 2, log)).toBe(false); // first sight: adopted
    const before = rows(g);
    expect(ensureReadModelOf(g.db, 'store-a', 10, log)).toBe(false);
    expect(rows(g)).toEqual(before);
    expect(readCheckpoint(g.db, 'orders')).toBe(2);
  });

  it('is emptied when started on another store of record', () => {
    const g = built();
    ensureReadModelOf(g.db, 'store-a', 2, log);
    expect(ensureReadModelOf(g.db, 'store-b', 2, log)).toBe(true);
    expect(Object.values(rows(g)).flat()).toEqual([]);
    expect(readCheckpoint(g.db, 'orders')).toBe(0);
    expect(ensureReadModelOf(g.db, 'store-b', 2, log)).toBe(false); // now it is store-b's
  });

  it('is emptied when its checkpoint is beyond the head of the log (the store lost events)', () => {
    const g = built();
    ensureReadModelOf(g.db, 'store-a', 2, log);
    expect(ensureReadModelOf(g.db, 'store-a', 1, log)).toBe(true);
    expect(Object.values(rows(g)).flat()).toEqual([]);
  });
});
