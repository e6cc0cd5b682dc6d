import { expect, test } from '@playwright/test';
import { STAFF } from '../playwright.config';
import { apiOrder, showsVersion, signIn, signUp, timeline, uniqueName } from './helpers';

test("a shopper's order takes the last units; another shopper's order for them is rejected with the reason; both pages update live", async ({
  browser,
  baseURL,
}) => {
  // Staff list a product and receive its last two units.
  const staff = await browser.newContext({ baseURL });
  await signIn(staff.request, STAFF);
  const productId = uniqueName('lamp');
  expect(
    (
      await staff.request.post('/api/products', { data: { id: productId, name: 'Brass lamp', priceCents: 8900 } })
    ).status(),
  ).toBe(201);
  expect((await staff.request.post(`/api/products/${productId}/stock`, { data: { quantity: 2 } })).status()).toBe(200);

  const ann = await browser.newContext({ baseURL });
  const bob = await browser.newContext({ baseURL });
  await signUp(ann.request);
  await signUp(bob.request);
  const annOrder = await apiOrder(ann.request, [{ productId, quantity: 2 }]);
  const bobOrder = await apiOrder(bob.request, [{ productId, quantity: 1 }]);

  const annPage = await ann.newPage();
  await annPage.goto(`/orders/${annOrder}`);
  const bobPage = await bob.newPage();
  await bobPage.goto(`/orders/${bobOrder}`);
  const bobCatalog = await bob.newPage();
  await bobCatalog.goto('/orders/new');
  await expect(bobCatalog.getByTestId(`stock-${productId}`)).toHaveText('Only 2 left');
  for (const p of [annPage, bobPage, bobCatalog]) {
    await p.evaluate(() => {
      (window as unknown as { marker: string }).marker = 'no reload';
    });
  }

  // Ann submits: "reserving stock…", then the decision arrives over the socket.
  await annPage.getByRole('button', { name: 'Submit order' }).click();
  await expect(annPage.getByTestId('stock-decision')).toHaveText('Confirmed: every line is reserved for you.');
  await showsVersion(annPage, 3);
  await expect(timeline(annPage).first()).toContainText('Confirmed v3');
  await expect(timeline(annPage).first()).toContainText('stock reservations');
  // The submit's effects on the stock, from Inventory's events caused by it.
  await expect(timeline(annPage).nth(1)).toContainText('Stock: 2 × Brass lamp held');
  // Bob's catalog says so without a reload.
  await expect(bobCatalog.getByTestId(`stock-${productId}`)).toHaveText('Out of stock');

  // Bob submits the same product: rejected, with the reason per line.
  await bobPage.getByRole('button', { name: 'Submit order' }).click();
  const decision = bobPage.getByTestId('stock-decision');
  await expect(decision).toContainText('Rejected: not enough stock, so nothing was reserved.');
  await expect(decision).toContainText('Brass lamp: you asked for 1, none available');
  await expect(bobPage.getByText('Rejected', { exact: true }).first()).toBeVisible();
  await expect(timeline(bobPage).first()).toContainText('Rejected v3');
  await expect(timeline(bobPage).nth(1)).toContainText('Stock: 1 × Brass lamp refused (0 available)');
  for (const p of [annPage, bobPage, bobCatalog]) {
    expect(await p.evaluate(() => (window as unknown as { marker: string }).marker)).toBe('no reload');
  }

  // Ann cancels her confirmed order: the units are free again, and Bob's catalog shows them.
  await annPage.getByRole('button', { name: 'Cancel order…' }).click();
  await annPage.getByRole('button', { name: 'Yes, cancel the order' }).click();
  await expect(annPage.getByText('Cancelled', { exact: true }).first()).toBeVisible();
  await expect(bobCatalog.getByTestId(`stock-${productId}`)).toHaveText('Only 2 left');
  await staff.close();
  await ann.close();
  await bob.close();
});

test('staff ship a confirmed order from its page: the shopper sees it shipped live, and its units leave the stock', async ({
  browser,
  baseURL,
}) => {
  const staff = await browser.newContext({ baseURL });
  await signIn(staff.request, STAFF);
  const productId = uniqueName('teapot');
  expect(
    (await staff.request.post('/api/products', { data: { id: productId, name: 'Teapot', priceCents: 2500 } })).status(),
  ).toBe(201);
  expect((await staff.request.post(`/api/products/${productId}/stock`, { data: { quantity: 3 } })).status()).toBe(200);

  const ann = await browser.newContext({ baseURL });
  await signUp(ann.request);
  const orderId = await apiOrder(ann.request, [{ productId, quantity: 2 }]);
  const annPage = await ann.newPage();
  await annPage.goto(`/orders/${orderId}`);
  await annPage.getByRole('button', { name: 'Submit order' }).click();
  await expect(annPage.getByTestId('stock-decision')).toHaveText('Confirmed: every line is reserved for you.');
  // Shipping is staff work: the shopper has no such button.
  await expect(annPage.getByRole('button', { name: 'Mark as shipped' })).toHaveCount(0);
  await annPage.evaluate(() => {
    (window as unknown as { marker: string }).marker = 'no reload';
  });

  const staffPage = await staff.newPage();
  await staffPage.goto(`/orders/${orderId}`);
  await expect(staffPage.getByTestId('stock-decision')).toHaveText(
    'Confirmed: every line is reserved for the customer.',
  );
  // It cannot be undone, so it asks first; "Not yet" sends nothing.
  await staffPage.getByRole('button', { name: 'Mark as shipped…' }).click();
  await staffPage.getByRole('button', { name: 'Not yet' }).click();
  await expect(staffPage.getByRole('button', { name: 'Yes, it has shipped' })).toHaveCount(0);
  await staffPage.getByRole('button', { name: 'Mark as shipped…' }).click();
  await staffPage.getByRole('button', { name: 'Yes, it has shipped' }).click();
  await expect(staffPage.getByTestId('stock-decision')).toContainText('Shipped');
  await expect(staffPage.getByRole('button', { name: 'Mark as shipped' })).toHaveCount(0);

  // The shopper's open page says so without a reload; it can no longer be cancelled.
  await expect(annPage.getByTestId('stock-decision')).toContainText(/^Shipped .+: it is on its way\.$/);
  await showsVersion(annPage, 4);
  await expect(timeline(annPage).first()).toContainText('Shipped v4');
  await expect(annPage.getByRole('button', { name: 'Cancel order…' })).toHaveCount(0);
  expect(await annPage.evaluate(() => (window as unknown as { marker: string }).marker)).toBe('no reload');
  // The units left the stock (the reservations process committed them), and the timeline says so.
  await expect
    .poll(async () => (await staff.request.get(`/api/products/${productId}/stock`)).json())
    .toEqual({ productId, onHand: 1, reserved: 0, available: 1 });
  await annPage.reload();
  await expect(timeline(annPage).getByText('Stock: 2 × Teapot shipped')).toBeVisible();
  // Staff see what the shipping caused: the stock's commit, one event per line.
  const events = (await (await staff.request.get(`/api/orders/${orderId}/events`)).json()) as {
    eventId: string;
    type: string;
  }[];
  const shippedEvent = events.find((e) => e.type === 'OrderShipped')!;
  await staffPage.goto(`/admin/events/${shippedEvent.eventId}`);
  await expect(staffPage.getByRole('list', { name: 'Stock events it caused' })).toContainText(
    `Stock: 2 × ${productId} shipped`,
  );
  await staff.close();
  await ann.close();
});
