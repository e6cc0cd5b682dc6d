// Order events per minute over the last hour, stacked by type: one bar per minute (oldest left), a legend with each
// type's total, and the exact counts in a table under it for screen readers and anyone who wants the numbers.
import type { MinuteCount } from '../../../lib/read/system';
import { eventLabel } from '../../../lib/web/format';
import { LocalClock } from '../../_components/LocalTime';

const MINUTES = 60;

/** `since` is the first minute shown (`YYYY-MM-DDTHH:MM`, UTC); times are shown in the reader's zone. */
export function EventsChart({ since, data }: { since: string; data: MinuteCount[] }) {
  const start = Date.parse(`${since}:00.000Z`);
  const minutes = Array.from({ length: MINUTES }, (_, i) => new Date(start + i * 60_000).toISOString().slice(0, 16));
  const types = [...new Set(data.map((d) => d.type))].sort();
  const at = new Map(data.map((d) => [`${d.minute} ${d.type}`, d.count]));
  const perMinute = minutes.map((m) => types.reduce((sum, t) => sum + (at.get(`${m} ${t}`) ?? 0), 0));
  const total = perMinute.reduce((a, b) => a + b, 0);
  if (total === 0) return <p className="muted">No order events in the last hour.</p>;
  const max = Math.max(...perMinute, 1);
  const width = 600;
  const height = 120;
  const bar = width / MINUTES;
  const time = (minute: string) => <LocalClock iso={`${minute}:00.000Z`} />;
  const totals = types.map((t) => ({
    type: t,
    count: data.filter((d) => d.type === t).reduce((s, d) => s + d.count, 0),
  }));
  const label = `Order events per minute over the last hour: ${total} in all; ${totals
    .map((t) => `${eventLabel(t.type)} ${t.count}`)
    .join(', ')}`;
  return (
    <>
      <svg className="chart events-chart" viewBox={`0 0 ${width} ${height + 18}`} role="img" aria-label={label}>
        <title>{label}</title>
        {minutes.map((m, i) => {
          let y = height;
          return (
            <g key={m}>
              {types.map((t, k) => {
                const n = at.get(`${m} ${t}`) ?? 0;
                if (n === 0) return null;
                const h = Math.max(1, (n / max) * height);
                y -= h;
                return <rect key={t} className={`series-${k % 8}`} x={i * bar + 1} y={y} width={bar - 2} height={h} />;
              })}
              {i % 15 === 0 && (
                <text x={i * bar} y={height + 14}>
                  {time(m)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <ul className="legend" aria-label="Event types">
        {totals.map((t, k) => (
          <li key={t.type}>
            <span className={`swatch series-${k % 8}`} aria-hidden="true" /> {eventLabel(t.type)}: {t.count}
          </li>
        ))}
      </ul>
      <details>
        <summary>Counts per minute</summary>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Minute</th>
                {types.map((t) => (
                  <th key={t} scope="col" className="num">
                    {eventLabel(t)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {minutes
                .filter((_, i) => perMinute[i]! > 0)
                .map((m) => (
                  <tr key={m}>
                    <td>{time(m)}</td>
                    {types.map((t) => (
                      <td key={t} className="num">
                        {at.get(`${m} ${t}`) ?? 0}
                      </td>
                    ))}
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
