import { describe, expect, it } from 'vitest';
import { byMonthIn, usableTimeZone } from './spending';

describe("spending by month in the reader's time zone", () => {
  const rows = [
    { submittedAt: '2026-03-15T12:00:00.000Z', totalCents: 1000 },
    // 23:30 on 31 March in New York: April in UTC, March for a reader there.
    { submittedAt: '2026-04-01T03:30:00.000Z', totalCents: 250 },
    // 08:30 on 1 May in Tokyo: still April in UTC.
    { submittedAt: '2026-04-30T23:30:00.000Z', totalCents: 40 },
  ];
  const now = new Date('2026-06-15T12:00:00.000Z');

  it('puts each order in the month it was where the reader is', () => {
    expect(byMonthIn(rows, 'UTC', { now })).toEqual([
      { month: '2026-03', totalCents: 1000 },
      { month: '2026-04', totalCents: 290 },
    ]);
    expect(byMonthIn(rows, 'America/New_York', { now })).toEqual([
      { month: '2026-03', totalCents: 1250 },
      { month: '2026-04', totalCents: 40 },
    ]);
    expect(byMonthIn(rows, 'Asia/Tokyo', { now })).toEqual([
      { month: '2026-03', totalCents: 1000 },
      { month: '2026-04', totalCents: 250 },
      { month: '2026-05', totalCents: 40 },
    ]);
  });

  it('orders months oldest first across a year, and has none without orders', () => {
    expect(
      byMonthIn([{ submittedAt: '2027-01-02T00:00:00.000Z', totalCents: 1 }, rows[0]!], 'UTC', {
        now: new Date('2027-01-31T00:00:00.000Z'),
      }),
    ).toEqual([
      { month: '2026-03', totalCents: 1000 },
      { month: '2027-01', totalCents: 1 },
    ]);
    expect(byMonthIn([], 'UTC')).toEqual([]);
  });

  it('keeps the last 12 months of the reader, whole: a month only partly given is left out', () => {
    // Given from the last day of May 2025: May 2025 is not whole, and is not among the 12 months up to June 2026.
    const given = [
      { submittedAt: '2025-05-31T10:00:00.000Z', totalCents: 5 },
      { submittedAt: '2025-07-01T10:00:00.000Z', totalCents: 7 },
      ...rows,
    ];
    expect(byMonthIn(given, 'UTC', { now }).map((m) => m.month)).toEqual(['2025-07', '2026-03', '2026-04']);
    expect(byMonthIn(given, 'UTC', { now, months: 3 }).map((m) => m.month)).toEqual(['2026-04']);
  });

  it('uses a zone only when the runtime knows it', () => {
    expect(usableTimeZone('America/New_York')).toBe('America/New_York');
    for (const zone of ['Etc/Unknown', 'Foo/Bar', '', undefined]) expect(usableTimeZone(zone)).toBe('UTC');
  });
});
