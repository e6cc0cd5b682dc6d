// Derived ids: the same parts give the same id; a keyed id cannot be worked out without its key.
import { describe, expect, it } from 'vitest';
import { OrderId } from '../orders/commands';
import { keyedUuid, nameBasedUuid } from './ids';

describe('keyed ids', () => {
  it('are stable for the same key and parts, valid order ids, and differ with the key or any part', () => {
    const id = keyedUuid('key-1', 'orderly-order', 'user-1', 'command-1');
    expect(keyedUuid('key-1', 'orderly-order', 'user-1', 'command-1')).toBe(id);
    expect(OrderId.safeParse(id).success).toBe(true);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(
      new Set([
        id,
        keyedUuid('key-2', 'orderly-order', 'user-1', 'command-1'),
        keyedUuid('key-1', 'orderly-order', 'user-2', 'command-1'),
        keyedUuid('key-1', 'orderly-order', 'user-1', 'command-2'),
        nameBasedUuid('orderly-order', 'user-1', 'command-1'), // what an unkeyed id would be
      ]).size,
    ).toBe(5);
  });
});
