// The metrics object on its own (no store, no server): what a scrape shows, series by series.
import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics';

const scrape = async (m: Metrics) => (await m.exposition()).body;
const readErrors = (body: string) =>
  Number(body.match(/^orderly_event_store_errors_total\{[^}]*operation="read"[^}]*\} (\d+)$/m)?.[1] ?? 0);

describe('a scrape', () => {
  it('counts a failed scrape-time read in its own answer, and leaves the failed gauges without series', async () => {
    const m = new Metrics({ nodeId: 'n1', version: '0.0.0' });
    m.setSources({
      projections: () => Promise.reject(new Error('store down')),
      processes: () => Promise.reject(new Error('store down')),
    });
    const first = await scrape(m);
    expect(readErrors(first)).toBe(2); // one per sample: projections and processes
    expect(first).not.toMatch(/^orderly_projection_behind_events\{/m);
    expect(first).not.toMatch(/^orderly_process_running\{/m);
    expect(readErrors(await scrape(m))).toBe(4);
  });

  it('shows the projections of a sample that answers, and counts no error', async () => {
    const m = new Metrics({ nodeId: 'n1', version: '0.0.0' });
    m.setSources({ projections: async () => [{ name: 'orders', behind: 3, oldestPendingMs: 1500 }] });
    const body = await scrape(m);
    expect(body).toMatch(/^orderly_projection_behind_events\{[^}]*projection="orders"[^}]*\} 3$/m);
    expect(body).toMatch(/^orderly_projection_oldest_unapplied_age_seconds\{[^}]*projection="orders"[^}]*\} 1\.5$/m);
    expect(readErrors(body)).toBe(0);
  });

  it('has a sockets gauge only on a node that has sockets', async () => {
    const m = new Metrics({ nodeId: 'n1', version: '0.0.0' });
    expect(await scrape(m)).not.toContain('orderly_sockets_connected');
    m.setSources({ sockets: () => 7 });
    m.setSources({ sockets: () => 7 }); // a second call registers nothing twice
    expect(await scrape(m)).toMatch(/^orderly_sockets_connected\{node="n1"\} 7$/m);
  });
});
