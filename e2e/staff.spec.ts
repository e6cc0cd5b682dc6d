import { type Browser, expect, test } from '@playwright/test';
import { STAFF } from '../playwright.config';
import { apiOrder, signIn, signUp } from './helpers';

/** A customer's new order (2 mugs, through the API) and a page of a staff member signed in. */
async function customerOrderAndStaffPage(browser: Browser, baseURL: string | undefined) {
  const customer = await browser.newContext({ baseURL });
  await signUp(customer.request);
  const orderId = await apiOrder(customer.request, [{ productId: 'mug', quantity: 2 }]);
  const staff = await browser.newContext({ baseURL });
  await signIn(staff.request, STAFF);
  return { orderId, page: await staff.newPage() };
}

test('staff see every order and the admin pages, and run a rebuild with live progress', async ({
  browser,
  baseURL,
}) => {
  const { orderId, page } = await customerOrderAndStaffPage(browser, baseURL);
  await page.goto('/orders');
  await expect(page.getByRole('heading', { name: 'All orders' })).toBeVisible();
  await expect(page.getByRole('link', { name: `Order ${orderId.slice(0, 8)}` })).toBeVisible();
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByText(/customer/)).toBeVisible();

  await page.getByRole('link', { name: 'Event log' }).click();
  await expect(page).toHaveTitle('Event log · Orderly');
  // The short id the pages show finds the order, in any case.
  await page.getByLabel('Stream (order id)').fill(`ORDER-${orderId.slice(0, 8).toUpperCase()}`);
  await page.getByRole('button', { name: 'Filter' }).click();
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(2); // header + the one event
  await rows.nth(1).getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: /Created #\d+/ })).toBeVisible();
  await expect(page.getByText('"customerId"')).toBeVisible();
  await expect(page.getByText('"correlationId"')).toBeVisible();

  await page.getByRole('link', { name: 'Projections' }).click();
  await expect(page).toHaveTitle('Projections · Orderly');
  await expect(page.getByRole('cell', { name: 'orders', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Rebuild all projections' }).click();
  const progress = page.getByRole('status').filter({ hasText: /events/ });
  await expect(progress).toContainText(/Replaying|Swapping in|Done/);
  await expect(progress).toContainText(/Done: [\d,]+ events replayed and swapped in at position \d+/);
  await expect(page.getByRole('button', { name: 'Rebuild all projections' })).toBeEnabled();
  // Right after a healthy rebuild every projection is caught up, and the page says so (not the replay's duration).
  await page.reload();
  const table = page.getByRole('table').first();
  const projectionRows = table.getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(table.getByRole('cell', { name: 'caught up', exact: true })).toHaveCount(await projectionRows.count());
});

test('a repeated query parameter reads as its first value on every page, never an error page', async ({
  browser,
  baseURL,
}) => {
  const { orderId, page } = await customerOrderAndStaffPage(browser, baseURL);
  for (const [path, heading] of [
    ['/orders?customer=a&customer=b&status=draft&status=submitted&from=x&from=y', 'All orders'],
    [`/orders/${orderId}?v=1&v=2&before=1&before=2`, /Order/],
    ['/admin/catalog?q=mug&q=kettle', 'Catalog'],
    ['/admin/events?q=a&q=b&type=A&type=B&correlation=c&correlation=d&from=x&from=y', 'Event log'],
  ] as const) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await expect(page.getByRole('heading', { name: heading, level: 1 }), path).toBeVisible();
  }
  // An order's id in capitals is the same order, at its one address (the query kept).
  await page.goto(`/orders/${orderId.toUpperCase()}?v=1&v=2`);
  await expect(page).toHaveURL(new RegExp(`/orders/${orderId}\\?v=1$`));
  await expect(page.getByRole('heading', { name: `Order ${orderId.slice(0, 8)}`, level: 1 })).toBeVisible();
  // The first value is the one used: the order's stream first, then one that matches nothing.
  await page.goto(`/admin/events?stream=${orderId}&stream=zzzz-nothing`);
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(2); // header + the one event
  await page.goto('/admin/catalog?q=mug&q=kettle');
  await expect(page.getByRole('cell', { name: 'mug', exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'kettle', exact: true })).toHaveCount(0);
});

test('a customer gets the not-found page on the admin pages', async ({ page }) => {
  await signUp(page.request);
  for (const path of [
    '/admin/events',
    '/admin/projections',
    '/admin/system',
    '/admin/events/some-event',
    '/admin/catalog',
    '/admin/catalog/mug',
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
    await expect(page, path).toHaveTitle(/^Not found/); // the title names nothing of the staff page
  }
  await expect(page.getByRole('link', { name: 'Event log' })).toHaveCount(0);
});

test('staff see no figures of their own on All orders, and can narrow the list to one customer', async ({
  browser,
  baseURL,
}) => {
  const ann = await browser.newContext({ baseURL });
  const annName = await signUp(ann.request);
  const annOrder = await apiOrder(ann.request, [{ productId: 'mug', quantity: 1 }]);
  const bob = await browser.newContext({ baseURL });
  await signUp(bob.request);
  const bobOrder = await apiOrder(bob.request, [{ productId: 'mug', quantity: 2 }]);

  const staff = await browser.newContext({ baseURL });
  await signIn(staff.request, STAFF);
  const page = await staff.newPage();
  await page.goto('/orders');
  await expect(page.getByRole('heading', { name: 'All orders' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'My figures' })).toHaveCount(0);
  await expect(page.getByText('Lifetime value')).toHaveCount(0);

  await page.getByLabel('Customer (username)').fill(` ${annName.toUpperCase()} `);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByLabel('Customer (username)')).toHaveValue(annName);
  await expect(page.getByRole('link', { name: `Order ${annOrder.slice(0, 8)}` })).toBeVisible();
  await expect(page.getByRole('link', { name: `Order ${bobOrder.slice(0, 8)}` })).toHaveCount(0);
  // The status filters keep the customer.
  await page.getByRole('link', { name: 'Drafts' }).click();
  await expect(page).toHaveURL(new RegExp(`status=draft&customer=${annName}`));
  await expect(page.getByRole('link', { name: `Order ${annOrder.slice(0, 8)}` })).toBeVisible();

  await page.goto('/orders?customer=nobody-by-this-name');
  await expect(page.getByText('No customer is called “nobody-by-this-name”.')).toBeVisible();

  // The order's number for people (its first event's position): shown in the list and on the order, and typing it
  // into the box ("/" focuses it) opens the order.
  const { number } = (
    (await (await ann.request.get(`/api/orders/${annOrder}`)).json()) as { summary: { number: number } }
  ).summary;
  expect(number).toBeGreaterThan(0);
  await page.goto(`/orders?customer=${annName}`);
  await expect(page.getByRole('row').filter({ hasText: `Order ${annOrder.slice(0, 8)}` })).toContainText(
    String(number),
  );
  // The box announces its shortcut once the key works (the page hydrated); a "/" before that does nothing.
  await expect(page.getByLabel('Customer (username) or order No.')).toHaveAttribute('aria-keyshortcuts', '/');
  await page.locator('body').press('/');
  await expect(page.getByLabel('Customer (username) or order No.')).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(`#${number}`);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/orders/${annOrder}$`));
  await expect(page.getByTestId('order-number')).toHaveText(`No. ${number}`);

  // Created after today: none. The CSV export has the list's filters, every page, and defuses formulas.
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await page.goto(`/orders?customer=${annName}&from=${tomorrow}`);
  await expect(page.getByRole('link', { name: `Order ${annOrder.slice(0, 8)}` })).toHaveCount(0);
  // A day that does not exist is not used, and the page says so rather than dropping it without a word.
  await page.goto(`/orders?customer=${annName}&from=2026-02-30`);
  await expect(page.getByRole('search', { name: 'Filter by customer' }).getByRole('alert')).toContainText(
    'Not filtered by “2026-02-30”: a day is written YYYY-MM-DD',
  );
  await expect(page.getByRole('link', { name: `Order ${annOrder.slice(0, 8)}` })).toHaveCount(1);
  // The last day there is ends after every order (its bound keeps a four-digit year).
  await page.goto(`/orders?customer=${annName}&to=9999-12-31`);
  await expect(page.getByRole('link', { name: `Order ${annOrder.slice(0, 8)}` })).toHaveCount(1);
  // The export says so too, with a 400, rather than exporting everything.
  const badDay = await staff.request.get('/api/orders/export.csv?from=2026-02-30');
  expect(badDay.status()).toBe(400);
  expect(((await badDay.json()) as { error: string }).error).toContain('must be a calendar day');
  const csv = await staff.request.get(`/api/orders/export.csv?customer=${annName}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
  expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename="orders-\d{4}-\d\d-\d\d\.csv"$/);
  const lines = (await csv.text()).trimEnd().split('\r\n');
  expect(lines[0]).toBe('number,id,customer,status,items,total_usd,created_at,updated_at');
  expect(lines.slice(1)).toEqual([
    expect.stringMatching(new RegExp(`^${number},${annOrder},${annName},draft,1,18\\.00,`)),
  ]);
  // A customer's export holds their own orders only, whatever they ask.
  const own = await bob.request.get(`/api/orders/export.csv?customer=${annName}`);
  expect((await own.text()).trimEnd().split('\r\n').slice(1)).toEqual([expect.stringContaining(bobOrder)]);
  await ann.close();
  await bob.close();
  await staff.close();
});

test('the event log: "/" to search by actor, type or id, a date range, newer and older pages with counts, ids to copy', async ({
  browser,
  baseURL,
}) => {
  const customer = await browser.newContext({ baseURL });
  const name = await signUp(customer.request);
  const orderId = await apiOrder(customer.request, [{ productId: 'mug', quantity: 1 }]);
  for (let q = 2; q <= 55; q++) {
    // The last one waits until the read model shows it (consistency=strong).
    const query = q === 55 ? '?consistency=strong' : '';
    const r = await customer.request.patch(`/api/orders/${orderId}/items/mug${query}`, { data: { quantity: q } });
    expect(r.status()).toBe(200);
  }

  const staff = await browser.newContext({ baseURL, permissions: ['clipboard-read', 'clipboard-write'] });
  await signIn(staff.request, STAFF);
  const page = await staff.newPage();
  await page.goto('/admin/events');
  await expect(page.getByLabel('Search (type, actor, order id)')).toHaveAttribute('aria-keyshortcuts', '/');
  await page.locator('body').press('/');
  await expect(page.getByLabel('Search (type, actor, order id)')).toBeFocused();
  await page.keyboard.type(name.toUpperCase());
  await page.getByRole('button', { name: 'Filter' }).click();
  const status = page.getByRole('region', { name: 'Events' }).getByRole('status');
  await expect(status).toHaveText('Events 1–50 of 55, newest first');
  await page.getByRole('link', { name: 'Older events' }).click();
  await expect(status).toHaveText('Events 51–55 of 55, newest first');
  await expect(page.getByRole('link', { name: 'Older events' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Newer events' }).click();
  await expect(status).toHaveText('Events 1–50 of 55, newest first');
  await expect(page.getByRole('link', { name: 'Newer events' })).toHaveCount(0);

  // The type is searched too, and a date range after today finds nothing.
  await page.getByLabel('Search (type, actor, order id)').fill('created');
  await page.getByLabel('Stream (order id)').fill(orderId.slice(0, 8));
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(status).toHaveText('Events 1–1 of 1, newest first');
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  // Pages past either end answer, with the way back (never a 500).
  for (const bound of ['before=1', 'before=2', 'after=999999999']) {
    const r = await staff.request.get(`/admin/events?${bound}`);
    expect(r.status(), bound).toBe(200);
  }
  await page.getByLabel('From (UTC day)').fill(tomorrow);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(status).toHaveText('No events match.');

  // Copy an event id from the log.
  await page.goto(`/admin/events?stream=${orderId}&type=OrderCreated`);
  const row = page.getByRole('table').getByRole('row').nth(1);
  await row.getByRole('button', { name: /^Copy the id of event/ }).click();
  await expect(row.getByRole('button', { name: /copied$/ })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  await page.goto(`/admin/events/${copied}`);
  await expect(page.getByRole('heading', { name: /Created #\d+/ })).toBeVisible();
  await customer.close();
  await staff.close();
});
