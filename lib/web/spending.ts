// Spending per month, in the reader's time zone: the months people mean when they look at their own spending.

export interface Spent {
  /** When the order was submitted, ISO-8601 UTC. */
  submittedAt: string;
  totalCents: number;
}

/** `zone` when this runtime knows it (an IANA name such as `America/New_York`), else `UTC`. */
export function usableTimeZone(zone: string | undefined): string {
  if (!zone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC'; // a browser may report a zone it cannot use itself (Chromium under TZ=Foo/Bar: "Etc/Unknown")
  }
}

/** "2026-03": the month of `date` in `format`'s time zone. */
function monthOf(format: Intl.DateTimeFormat, date: Date): string {
  const parts = format.formatToParts(date);
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

/**
 * Sums `rows` by the month of `submittedAt` in `timeZone` (see usableTimeZone), over the `months` calendar months
 * that end with the month of `now` there, oldest first, as `{ month: "2026-03", totalCents }`; months without orders
 * are left out, and so are rows outside those months (the oldest rows may be part of a month not wholly given).
 */
export function byMonthIn(
  rows: readonly Spent[],
  timeZone: string,
  { months = 12, now = new Date() }: { months?: number; now?: Date } = {},
): { month: string; totalCents: number }[] {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit' });
  const [y, m] = monthOf(format, now).split('-').map(Number) as [number, number];
  const first = y * 12 + (m - 1) - (months - 1);
  const earliest = `${Math.floor(first / 12)}-${String((first % 12) + 1).padStart(2, '0')}`;
  const sums = new Map<string, number>();
  for (const row of rows) {
    const month = monthOf(format, new Date(row.submittedAt));
    if (month < earliest) continue;
    sums.set(month, (sums.get(month) ?? 0) + row.totalCents);
  }
  return [...sums]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([month, totalCents]) => ({ month, totalCents }));
}
