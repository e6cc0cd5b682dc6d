// A small bar chart of monthly spending; the numbers are in the label for screen readers.
export function SpendingChart({
  data,
  format,
}: {
  data: { month: string; totalCents: number }[];
  format: (cents: number) => string;
}) {
  const recent = data.slice(-12);
  if (recent.length === 0) return <p className="muted small">Your spending shows here once you submit an order.</p>;
  const max = Math.max(...recent.map((d) => d.totalCents), 1);
  const width = 320;
  const height = 120;
  const bar = width / recent.length;
  const label = `Spending per month: ${recent.map((d) => `${d.month} ${format(d.totalCents)}`).join(', ')}`;
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height + 18}`} role="img" aria-label={label}>
      <title>{label}</title>
      {recent.map((d, i) => {
        const h = Math.max(2, Math.round((d.totalCents / max) * height));
        return (
          <g key={d.month}>
            <rect
              x={i * bar + (bar - Math.min(bar * 0.7, 36)) / 2}
              y={height - h}
              width={Math.min(bar * 0.7, 36)}
              height={h}
              rx={3}
            />
            <text x={i * bar + bar / 2} y={height + 14} textAnchor="middle">
              {d.month.slice(2)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
