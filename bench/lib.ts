// Small helpers shared by the benchmarks: run work at a fixed concurrency, and summarise latencies.

export interface Measured {
  ops: number;
  events: number;
  seconds: number;
  eventsPerSec: number;
  p50ms: number;
  p99ms: number;
}

/** Runs `op(i)` for i in 0..total-1 with `inFlight` running at once; each op reports how many events it handled. */
export async function measure(total: number, inFlight: number, op: (i: number) => Promise<number>): Promise<Measured> {
  const latencies = new Float64Array(total);
  let next = 0;
  let events = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        const handled = await op(i); // not `events += await …`: that reads `events` before the await
        latencies[i] = performance.now() - t0;
        events += handled;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort();
  const pct = (p: number) => latencies[Math.min(total - 1, Math.floor((p / 100) * total))]!;
  return { ops: total, events, seconds, eventsPerSec: events / seconds, p50ms: pct(50), p99ms: pct(99) };
}

export const fmt = {
  rate: (n: number) => Math.round(n).toLocaleString('en-US'),
  ms: (n: number) => (Math.abs(n) < 1 ? n.toFixed(3) : n.toFixed(2)),
  ratio: (n: number) => n.toFixed(2),
};

export interface Row {
  scenario: string;
  store: string;
  result: Measured;
  baseline?: Measured;
}

/** A Markdown table, ready for the README. */
export function table(rows: Row[]): string {
  const head = '| scenario | store | events/s | p50 ms | p99 ms | baseline events/s | ratio |';
  const sep = '|---|---|---:|---:|---:|---:|---:|';
  const lines = rows.map((r) => {
    const b = r.baseline;
    return `| ${r.scenario} | ${r.store} | ${fmt.rate(r.result.eventsPerSec)} | ${fmt.ms(r.result.p50ms)} | ${fmt.ms(r.result.p99ms)} | ${b ? fmt.rate(b.eventsPerSec) : ''} | ${b ? fmt.ratio(r.result.eventsPerSec / b.eventsPerSec) : ''} |`;
  });
  return [head, sep, ...lines].join('\n');
}
