import { randomUUID } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { STAFF } from '../playwright.config';
import { PASSWORD, signIn } from './helpers';

// Any user-controlled text without a break point (a 500-character cancel reason, a 120-character product name, a
// 32-character username) wraps or is clipped: no page is ever wider than the viewport, on a desktop or a phone.

const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

/** The page's width beyond the viewport, in CSS pixels (0: it fits). */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Table cells whose content is wider than the cell (cut off, though the page itself fits): their text. */
const clipped = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('main td, main th')]
      .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
      .map((cell) => `${cell.textContent?.slice(0, 40)} (${cell.scrollWidth} > ${cell.clientWidth})`),
  );

test('long unbroken text in every user-controlled field never makes a page wider than the viewport', async ({
  browser,
  baseURL,
}) => {
  // Eleven pages at every width: about 50 s on an idle 2-core machine, so more than the default minute.
  test.setTimeout(180_000);
  const staff = await browser.newContext({ baseURL });
  await signIn(staff.request, STAFF);
  const productId = `long-${randomUUID().slice(0, 8)}`;
  const productName = 'W'.repeat(120);
  expect(
    (
      await staff.request.post('/api/products', { data: { id: productId, name: productName, priceCents: 100 } })
    ).status(),
  ).toBe(201);

  const customer = await browser.newContext({ baseURL });
  const username = `u${randomUUID().replaceAll('-', '')}`.slice(0, 32);
  expect((await customer.request.post('/api/users', { data: { username, password: PASSWORD } })).status()).toBe(201);
  expect((await customer.request.post('/api/session', { data: { username, password: PASSWORD } })).status()).toBe(204);
  const created = await customer.request.post('/api/orders?consistency=strong', {
    data: { items: [{ productId, quantity: 1 }] },
  });
  expect(created.status()).toBe(201);
  const orderId = ((await created.json()) as { id: string }).id;
  const reason = 'x'.repeat(500);
  const cancelled = await customer.request.post(`/api/orders/${orderId}/cancel?consistency=strong`, {
    data: { reason },
  });
  expect(cancelled.status()).toBe(200);
  const events = (await (await customer.request.get(`/api/orders/${orderId}/events`)).json()) as { eventId: string }[];

  const pages: [typeof customer, string][] = [
    [customer, '/orders'],
    [customer, `/orders/${orderId}`],
    [customer, `/orders/${orderId}?v=1`],
    [customer, '/orders/new'],
    [staff, '/orders'],
    [staff, `/orders/${orderId}`],
    [staff, '/admin/events'],
    [staff, `/admin/events/${events.at(-1)!.eventId}`],
    [staff, '/admin/catalog'],
    [staff, `/admin/catalog/${productId}`],
    [staff, '/admin/system'],
  ];
  for (const size of WIDTHS) {
    for (const [context, path] of pages) {
      const page = await context.newPage();
      await page.setViewportSize(size);
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await expect(page.locator('main')).toBeVisible();
      expect(await overflow(page), `${path} at ${size.width} px`).toBeLessThanOrEqual(0);
      expect(await clipped(page), `${path} at ${size.width} px`).toEqual([]);
      await page.close();
    }
  }
  // The long texts are there to be read, whole.
  const page = await customer.newPage();
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId('cancel-reason')).toHaveText(reason);
  await page.close();
  await customer.close();
  await staff.close();
});

test('the first visit loads without a console error: the favicon is there', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const icon = await page.request.get('/favicon.ico');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toMatch(/^image\//);
  await page.goto('/');
  await page.waitForLoadState('networkidle');
  expect(errors).toEqual([]);
});
