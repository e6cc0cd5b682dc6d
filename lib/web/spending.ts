// Spending per month, in the reader's time zone: the months people mean when they look at their own spending.

export interface Spent {
  /** When the order was submitted, ISO-8601 UTC. */
  submittedAt: string;
  totalCents: number;
}

/**
 * Sums `rows` by the month of `submittedAt` in `timeZone` (an IANA name such as `America/New_York`), oldest first,
 * as `{ month: "2026-03", totalCents }`; months without orders are left out. Throws RangeError for an unknown zone.
 */
export function byMonthIn(rows: readonly Spent[], timeZone: string): { month: string; totalCents: number }[] {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit' });
  const sums = new Map<string, number>();
  for (const row of rows) {
    const parts = format.formatToParts(new Date(row.submittedAt));
    const month = `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
    sums.set(month, (sums.get(month) ?? 0) + row.totalCents);
  }
  return [...sums]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([month, totalCents]) => ({ month, totalCents }));
}
