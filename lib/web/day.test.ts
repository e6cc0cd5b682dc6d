import { expect, it } from 'vitest';
import { dayStart } from './day';

it('turns a typed day into UTC bounds, and refuses what is not a calendar day', () => {
  expect(dayStart('2026-12-01')).toBe('2026-12-01T00:00:00.000Z');
  expect(dayStart('2026-12-31', true)).toBe('2027-01-01T00:00:00.000Z');
  for (const bad of [undefined, '', '2026-02-30', '2026-13-01', '1/12/2026', '2026-12-01T00:00Z']) {
    expect(dayStart(bad)).toBeUndefined();
  }
});
