// An order with 10,000 events, against the real server: its page shows one page of the timeline (and stays small),
// the events API pages newest first with a way to the start, and time travel deep into it is answered from a
// history snapshot. The events are written by the real command handler, in this process, into the server's store.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppServer, Client, startAppServer } from '../testing/app-server';
import { quantityAt, writeLongOrder } from '../testing/long-order';

const EVENTS = 10_000;
let app: AppServer;
let owner: Client;
let orderId: string;

beforeAll(async () => {
  app = await startAppServer();
  owner = await new Client(app.url).signUpAndIn(`long-${randomUUID().slice(0, 6)}`);
  orderId = await writeLongOrder(app, owner, EVENTS); // returns once the read model shows it all
}, 300_000);
afterAll(async () => {
  await app?.stop();
});

const page = async (path: string) => {
  const r = await fetch(`${app.url}${path}`, { headers: { cookie: owner.cookie! } });
  expect(r.status).toBe(200);
  return r.text();
};
const timelineVersions = (html: string) => {
  const list = /<ol class="timeline" aria-label="Events">([\s\S]*?)<\/ol>/.exec(html)![1]!;
  return [...list.matchAll(/v(?:<!-- -->)?(\d+)<\/span>/g)].map((m) => Number(m[1]));
};

describe(`an order of ${EVENTS} events`, () => {
  it('has a page under 300 KB showing the newest 50 events, with the way to older ones and to the start', async () => {
    const html = await page(`/orders/${orderId}`);
    expect(Buffer.byteLength(html)).toBeLessThan(300 * 1024);
    expect(timelineVersions(html)).toEqual(Array.from({ length: 50 }, (_, i) => EVENTS - i));
    expect(html).toContain(`Versions ${EVENTS - 49}–${EVENTS} of ${EVENTS}`);
    expect(html).toContain(`href="/orders/${orderId}?before=${EVENTS - 49}#timeline-heading"`); // Older
    expect(html).toContain(`href="/orders/${orderId}?before=51#timeline-heading"`); // Oldest
    expect(timelineVersions(await page(`/orders/${orderId}?before=51`))).toEqual(
      Array.from({ length: 50 }, (_, i) => 50 - i),
    );
  });

  it('travels to version 5,000 from a history snapshot: the state then, and the timeline around it', async () => {
    const html = await page(`/orders/${orderId}?v=5000`);
    expect(Buffer.byteLength(html)).toBeLessThan(300 * 1024);
    expect(html).toMatch(/You are looking at <strong>version <!-- -->5000<\/strong>/);
    const versions = timelineVersions(html);
    expect(versions).toContain(5000);
    expect(versions).toHaveLength(50);
    const state = await owner.call('GET', `/api/orders/${orderId}/state?version=5000`);
    expect(state.json).toMatchObject({ version: 5000, items: [{ productId: 'mug', quantity: quantityAt(5000) }] });
  });

  it('pages its events newest first, 100 by default, and from the start with order=oldest, gap-free', async () => {
    const first = await owner.call('GET', `/api/orders/${orderId}/events`);
    const versions = (r: typeof first) => (r.json as unknown as { version: number }[]).map((e) => e.version);
    expect(versions(first)).toEqual(Array.from({ length: 100 }, (_, i) => EVENTS - i));
    expect(first.headers.get('x-next-cursor')).toBe(String(EVENTS - 99));
    const second = await owner.call('GET', `/api/orders/${orderId}/events?cursor=${EVENTS - 99}`);
    expect(versions(second)[0]).toBe(EVENTS - 100);

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const r = await owner.call(
        'GET',
        `/api/orders/${orderId}/events?order=oldest&limit=1000${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...versions(r));
      cursor = r.headers.get('x-next-cursor');
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1));
    for (const bad of ['limit=0', 'limit=1001', 'cursor=x', 'order=sideways', 'page=2']) {
      expect((await owner.call('GET', `/api/orders/${orderId}/events?${bad}`)).status, bad).toBe(400);
    }
  });
});
