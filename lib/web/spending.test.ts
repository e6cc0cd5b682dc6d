import { describe, expect, it } from 'vitest';
import { byMonthIn } from './spending';

describe("spending by month in the reader's time zone", () => {
  const rows = [
    { submittedAt: '2026-03-15T12:00:00.000Z', totalCents: 1000 },
    // 23:30 on 31 March in New York: April in UTC, March for a reader there.
    { submittedAt: '2026-04-01T03:30:00.000Z', totalCents: 250 },
    // 08:30 on 1 May in Tokyo: still April in UTC.
    { submittedAt: '2026-04-30T23:30:00.000Z', totalCents: 40 },
  ];

  it('puts each order in the month it was where the reader is', () => {
    expect(byMonthIn(rows, 'UTC')).toEqual([
      { month: '2026-03', totalCents: 1000 },
      { month: '2026-04', totalCents: 290 },
    ]);
    expect(byMonthIn(rows, 'America/New_York')).toEqual([
      { month: '2026-03', totalCents: 1250 },
      { month: '2026-04', totalCents: 40 },
    ]);
    expect(byMonthIn(rows, 'Asia/Tokyo')).toEqual([
      { month: '2026-03', totalCents: 1000 },
      { month: '2026-04', totalCents: 250 },
      { month: '2026-05', totalCents: 40 },
    ]);
  });

  it('orders months oldest first across a year, and has none without orders', () => {
    expect(byMonthIn([{ submittedAt: '2027-01-02T00:00:00.000Z', totalCents: 1 }, rows[0]!], 'UTC')).toEqual([
      { month: '2026-03', totalCents: 1000 },
      { month: '2027-01', totalCents: 1 },
    ]);
    expect(byMonthIn([], 'UTC')).toEqual([]);
  });
});
