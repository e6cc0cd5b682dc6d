import { describe, expect, it } from 'vitest';
import { diffOrders } from './diff';
import { fold, initialOrder } from './order';
import { cancelled, created, itemAdded, itemRemoved, line, quantityChanged, stored } from './testing';

/** The order after each of `events`: states[0] is before the first. */
const states = (...events: Parameters<typeof stored>[0]) => {
  const out = [initialOrder];
  for (const e of stored(events)) out.push(fold([e], out.at(-1)!));
  return out;
};

describe('the difference between two versions of an order', () => {
  it('given nothing, when the order is created: every line is added, the total goes from 0', () => {
    const [before, after] = states(created([line('espresso', 2), line('mug', 1)]));
    const d = diffOrders(before!, after!);
    expect(d.added.map((l) => [l.productId, l.quantity])).toEqual([
      ['espresso', 2],
      ['mug', 1],
    ]);
    expect(d).toMatchObject({ removed: [], changed: [], totalFromCents: 0, statusFrom: null, statusTo: 'draft' });
    expect(d.totalToCents).toBe(2 * line('espresso', 2).unitPriceCents + line('mug', 1).unitPriceCents);
  });

  it('given a draft, when a quantity changes: that line is changed, from and to, with the totals', () => {
    const [, before, after] = states(created([line('espresso', 2), line('mug', 1)]), quantityChanged('mug', 3));
    const d = diffOrders(before!, after!);
    expect(d.changed).toEqual([
      {
        productId: 'mug',
        name: line('mug', 1).name,
        fromQuantity: 1,
        toQuantity: 3,
        unitPriceCents: line('mug', 1).unitPriceCents,
      },
    ]);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.totalToCents - d.totalFromCents).toBe(2 * line('mug', 1).unitPriceCents);
  });

  it('given a draft, when a line is removed and another added: one removed, one added, nothing changed', () => {
    const [, , before, after] = states(created([line('espresso', 2)]), itemAdded('mug', 1), itemRemoved('espresso'));
    const d = diffOrders(before!, after!);
    expect(d.removed.map((l) => l.productId)).toEqual(['espresso']);
    expect(d.added).toEqual([]);
    expect(d.changed).toEqual([]);
  });

  it('given a draft, when it is cancelled: only the status differs', () => {
    const [, before, after] = states(created([line('espresso', 2)]), cancelled('no longer needed'));
    const d = diffOrders(before!, after!);
    expect(d).toMatchObject({ added: [], removed: [], changed: [], statusFrom: 'draft', statusTo: 'cancelled' });
    expect(d.totalFromCents).toBe(d.totalToCents);
  });
});
