// Inventory over the JSON API of the real app server, with the reservations process inside it: staff receive and
// correct stock; an order submitted is confirmed or rejected with the lines that could not be reserved; the catalog
// says what is available; cancelling a confirmed order frees its units; customers cannot touch stock.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppServer, Client, startAppServer } from '../testing/app-server';

let app: AppServer;
let staff: Client;
beforeAll(async () => {
  app = await startAppServer();
  staff = await new Client(app.url).signUpAndIn('staff-sam');
}, 90_000);
afterAll(async () => {
  await app?.stop();
});

const customer = (name: string) => new Client(app.url).signUpAndIn(`${name}-${randomUUID().slice(0, 8)}`);

/** The order's summary once the reservations process has decided (confirmed or rejected). */
async function decided(c: Client, orderId: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const summary = (await c.call('GET', `/api/orders/${orderId}`)).json.summary as { status: string; version: number };
    if (summary.status !== 'submitted') return summary;
    if (Date.now() > deadline) throw new Error(`order ${orderId} was not decided within 15 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const available = async (productId: string) =>
  (
    (await new Client(app.url).call('GET', '/api/products')).json as unknown as { id: string; available: number }[]
  ).find((p) => p.id === productId)?.available;

async function placed(c: Client, items: { productId: string; quantity: number }[]) {
  const created = await c.call('POST', '/api/orders', { items });
  expect(created.status).toBe(201);
  const orderId = (created.json as unknown as { id: string }).id;
  expect((await c.call('POST', `/api/orders/${orderId}/submit`)).status).toBe(200);
  return orderId;
}

describe('stock', () => {
  it('is received and corrected by staff only, with clear refusals', async () => {
    const id = `lamp-${randomUUID().slice(0, 8)}`;
    expect((await staff.call('POST', '/api/products', { id, name: 'Desk lamp', priceCents: 4200 })).status).toBe(201);
    expect(await available(id)).toBe(0);
    expect((await staff.call('POST', `/api/products/${id}/stock`, { quantity: 5 })).status).toBe(200);
    expect((await staff.call('GET', `/api/products/${id}/stock`)).json).toEqual({
      productId: id,
      onHand: 5,
      reserved: 0,
      available: 5,
    });
    const corrected = await staff.call('POST', `/api/products/${id}/stock/adjustments`, {
      quantity: -2,
      reason: 'broken',
    });
    expect(corrected.status).toBe(201);
    await expect.poll(() => available(id)).toBe(3);

    for (const [body, status] of [
      [{ quantity: 0 }, 422],
      [{ quantity: -1 }, 422],
      [{ quantity: 1.5 }, 400],
      [{ quantity: '3' }, 400],
      [{ quantity: 2_000_000 }, 422],
      [{}, 400],
      [{ quantity: 1, extra: true }, 400],
    ] as const) {
      expect((await staff.call('POST', `/api/products/${id}/stock`, body)).status, JSON.stringify(body)).toBe(status);
    }
    expect(
      (await staff.call('POST', `/api/products/${id}/stock/adjustments`, { quantity: -1, reason: '  ' })).status,
    ).toBe(422);
    expect(
      (await staff.call('POST', `/api/products/${id}/stock/adjustments`, { quantity: 0, reason: 'x' })).status,
    ).toBe(422);
    expect((await staff.call('POST', '/api/products/no-such-product/stock', { quantity: 1 })).status).toBe(404);
    // A customer is answered as if the routes did not exist, and nothing is written.
    const c = await customer('shopper');
    expect((await c.call('POST', `/api/products/${id}/stock`, { quantity: 100 })).status).toBe(404);
    expect((await c.call('GET', `/api/products/${id}/stock`)).status).toBe(404);
    expect((await c.call('POST', `/api/products/${id}/stock/adjustments`, { quantity: 9, reason: 'x' })).status).toBe(
      404,
    );
    expect((await new Client(app.url).call('POST', `/api/products/${id}/stock`, { quantity: 1 })).status).toBe(401);
    expect(await available(id)).toBe(3);
  });

  it('decides each submitted order: confirmed while stock lasts, then rejected naming the line; a cancel frees it', async () => {
    const id = `kettle-${randomUUID().slice(0, 8)}`;
    expect((await staff.call('POST', '/api/products', { id, name: 'Small kettle', priceCents: 3000 })).status).toBe(
      201,
    );
    expect((await staff.call('POST', `/api/products/${id}/stock`, { quantity: 3 })).status).toBe(200);
    const a = await customer('first');
    const b = await customer('second');
    const first = await placed(a, [
      { productId: id, quantity: 2 },
      { productId: 'mug', quantity: 1 },
    ]);
    expect(await decided(a, first)).toMatchObject({ status: 'confirmed' });
    // The process manager that decided it runs here, and health says so (no warning).
    const health = (await new Client(app.url).call('GET', '/api/health')).json as Record<string, unknown>;
    expect(health.processManagers).toEqual([expect.objectContaining({ name: 'reservations', running: true })]);
    expect(health.warnings).toBeUndefined();
    const second = await placed(b, [
      { productId: 'mug', quantity: 1 },
      { productId: id, quantity: 2 },
    ]);
    expect(await decided(b, second)).toMatchObject({ status: 'rejected' });
    await expect.poll(() => available(id)).toBe(1);

    // The rejection and its cause are in the order's events: caused by the submit, in its correlation.
    const events = (await b.call('GET', `/api/orders/${second}/events?order=oldest`)).json as unknown as {
      eventId: string;
      type: string;
      data: { unavailable?: unknown[] };
      metadata: { causationId: string; correlationId: string; actor: string };
    }[];
    const submitted = events.find((e) => e.type === 'OrderSubmitted')!;
    const rejected = events.find((e) => e.type === 'OrderRejected')!;
    expect(rejected.data.unavailable).toEqual([{ productId: id, name: 'Small kettle', requested: 2, available: 1 }]);
    expect(rejected.metadata).toMatchObject({
      causationId: submitted.eventId,
      correlationId: submitted.metadata.correlationId,
      actor: 'process:reservations',
    });
    // Statuses as the API and its filters say them.
    const mine = (await b.call('GET', '/api/orders?status=rejected')).json as unknown as { id: string }[];
    expect(mine.map((o) => o.id)).toEqual([second]);
    expect(
      ((await a.call('GET', '/api/orders?status=confirmed')).json as unknown as { id: string }[]).map((o) => o.id),
    ).toEqual([first]);
    // A rejected order is closed; a confirmed one can still be cancelled, and its units are free again.
    expect((await b.call('POST', `/api/orders/${second}/cancel`, { reason: 'x' })).status).toBe(422);
    expect((await a.call('POST', `/api/orders/${first}/cancel`, { reason: 'changed my mind' })).status).toBe(200);
    await expect.poll(() => available(id), { timeout: 15_000 }).toBe(3);
    // Nobody but the process confirms or rejects: there is no route, and the decider refuses anyone else.
    expect((await a.call('POST', `/api/orders/${first}/confirm`)).status).toBe(404);
  });

  it('ships a confirmed order at staff word only: its units leave the stock, and it can no longer be cancelled', async () => {
    const id = `teapot-${randomUUID().slice(0, 8)}`;
    expect((await staff.call('POST', '/api/products', { id, name: 'Teapot', priceCents: 2500 })).status).toBe(201);
    expect((await staff.call('POST', `/api/products/${id}/stock`, { quantity: 5 })).status).toBe(200);
    const c = await customer('shipper');
    const draft = (await c.call('POST', '/api/orders', { items: [{ productId: id, quantity: 1 }] }))
      .json as unknown as {
      id: string;
    };
    // Only a confirmed order ships; only staff ship (to anyone else the route does not exist).
    const early = await staff.call('POST', `/api/orders/${draft.id}/ship`);
    expect(early.status).toBe(422);
    expect(early.json).toMatchObject({ code: 'NotConfirmed' });
    const orderId = await placed(c, [{ productId: id, quantity: 2 }]);
    expect(await decided(c, orderId)).toMatchObject({ status: 'confirmed' });
    expect((await c.call('POST', `/api/orders/${orderId}/ship`)).status).toBe(404);
    expect((await staff.call('GET', `/api/products/${id}/stock`)).json).toMatchObject({ onHand: 5, reserved: 2 });

    const shipped = await staff.call('POST', `/api/orders/${orderId}/ship?consistency=strong`, {
      commandId: randomUUID(),
    });
    expect(shipped.status).toBe(200);
    expect(((await c.call('GET', `/api/orders/${orderId}`)).json.summary as { status: string }).status).toBe('shipped');
    await expect
      .poll(async () => (await staff.call('GET', `/api/products/${id}/stock`)).json, { timeout: 15_000 })
      .toEqual({ productId: id, onHand: 3, reserved: 0, available: 3 });
    const cancel = await c.call('POST', `/api/orders/${orderId}/cancel`, { reason: 'too late' });
    expect(cancel.status).toBe(422);
    expect(cancel.json).toMatchObject({ code: 'AlreadyShipped' });
    expect((await staff.call('POST', `/api/orders/${orderId}/ship`)).json).toMatchObject({ code: 'AlreadyShipped' });
    const mine = (await c.call('GET', '/api/orders?status=shipped')).json as unknown as { id: string }[];
    expect(mine.map((o) => o.id)).toEqual([orderId]);
  });
});
