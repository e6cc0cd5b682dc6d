import { expect, it } from 'vitest';
import { dayStart, notDays } from './day';

it('turns a typed day into UTC bounds, and refuses what is not a calendar day', () => {
  expect(dayStart('2026-12-01')).toBe('2026-12-01T00:00:00.000Z');
  expect(dayStart('2026-12-31', true)).toBe('2027-01-01T00:00:00.000Z');
  for (const bad of [undefined, '', '2026-02-30', '2026-13-01', '1/12/2026', '2026-12-01T00:00Z']) {
    expect(dayStart(bad)).toBeUndefined();
  }
});

it('keeps four-digit years at both ends, so that the bounds sort with stored times', () => {
  expect(dayStart('0000-01-01')).toBe('0000-01-01T00:00:00.000Z');
  const last = dayStart('9999-12-31', true)!;
  expect(last).toBe('9999-12-31T24:00:00.000Z');
  expect('9999-12-31T23:59:59.999Z' < last && '2026-12-01T10:00:00.000Z' < last).toBe(true);
  expect(dayStart('9999-12-30', true)).toBe('9999-12-31T00:00:00.000Z');
});

it('names the given values that are not days', () => {
  expect(notDays('2026-02-30', '2026-03-01', undefined, '', 'abc')).toEqual(['2026-02-30', 'abc']);
});
