'use client';
// A small bar chart of monthly spending: each bar says its month ("Nov 2026", in the reader's language) and its
// amount; the numbers are in the label for screen readers too. Months are the reader's: the server renders them in
// UTC, and the browser groups the orders again in its own time zone once mounted.
import { useEffect, useMemo, useState } from 'react';
import { formatCents } from '../../lib/orders/money';
import { byMonthIn, type Spent, usableTimeZone } from '../../lib/web/spending';

/** "2026-11" as the reader says it: "long" November 2026, "short" Nov 2026, "tiny" Nov. */
function monthName(month: string, locale: string, style: 'tiny' | 'short' | 'long'): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, {
    month: style === 'long' ? 'long' : 'short',
    ...(style === 'tiny' ? {} : { year: 'numeric' }),
    timeZone: 'UTC',
  }).format(Date.UTC(y!, m! - 1, 1));
}

/** `rows`: the orders submitted in the last 12 months (when, and their totals in cents); `locale` for the words. */
export function SpendingChart({ rows, locale }: { rows: Spent[]; locale: string }) {
  const [timeZone, setTimeZone] = useState('UTC');
  useEffect(() => setTimeZone(usableTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone)), []);
  const recent = useMemo(() => byMonthIn(rows, timeZone), [rows, timeZone]); // the reader's last 12 months
  const format = (cents: number) => formatCents(cents, locale, 'USD');
  if (recent.length === 0) return <p className="muted small">Your spending shows here once you submit an order.</p>;
  const max = Math.max(...recent.map((d) => d.totalCents), 1);
  const width = 320;
  const height = 110;
  const top = 16; // room for the amounts above the bars
  const bar = width / recent.length;
  const label = `Spending per month: ${recent.map((d) => `${monthName(d.month, locale, 'long')} ${format(d.totalCents)}`).join(', ')}`;
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${top + height + 18}`} role="img" aria-label={label}>
      <title>{label}</title>
      {recent.map((d, i) => {
        const h = Math.max(2, Math.round((d.totalCents / max) * height));
        return (
          <g key={d.month}>
            <text x={i * bar + bar / 2} y={top + height - h - 4} textAnchor="middle" className="amount">
              {recent.length <= 6 ? format(d.totalCents) : ''}
            </text>
            <rect
              x={i * bar + (bar - Math.min(bar * 0.7, 36)) / 2}
              y={top + height - h}
              width={Math.min(bar * 0.7, 36)}
              height={h}
              rx={3}
            />
            <text x={i * bar + bar / 2} y={top + height + 14} textAnchor="middle">
              {monthName(d.month, locale, recent.length <= 4 ? 'short' : 'tiny')}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
