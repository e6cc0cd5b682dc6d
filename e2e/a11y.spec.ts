import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { STAFF } from '../playwright.config';
import { apiOrder, signIn, signUp } from './helpers';

async function serious(page: import('@playwright/test').Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test('the main pages have no serious accessibility violations', async ({ browser, baseURL }) => {
  // About twenty pages, each first rendered cold and checked by axe: more than the default minute under load.
  test.setTimeout(180_000);
  const visitor = await (await browser.newContext({ baseURL })).newPage();
  for (const path of ['/', '/login', '/signup']) {
    await visitor.goto(path);
    expect(await serious(visitor), path).toEqual([]);
  }
  const context = await browser.newContext({ baseURL });
  const username = await signUp(context.request);
  const orderId = await apiOrder(context.request, [{ productId: 'mug', quantity: 2 }]);
  await context.request.post(`/api/orders/${orderId}/items?consistency=strong`, {
    data: { productId: 'chai', quantity: 1 },
  });
  const page = await context.newPage();
  for (const path of [
    '/orders',
    '/orders/new',
    '/account',
    `/orders/${orderId}`,
    `/orders/${orderId}?v=1`,
    `/orders/${orderId}?v=99`,
    '/no-such-page',
  ]) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    expect(await serious(page), path).toEqual([]);
  }
  // The order page with its notices open: a refusal under a line, and the cancel confirmation.
  await page.goto(`/orders/${orderId}`);
  await page.getByRole('spinbutton', { name: 'Quantity of Stoneware mug' }).fill('0');
  await page.getByRole('form', { name: 'Change the quantity of Stoneware mug' }).evaluate((f: HTMLFormElement) => {
    f.noValidate = true;
    f.requestSubmit();
  });
  await expect(page.getByRole('row', { name: 'About Stoneware mug' }).getByRole('alert')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel order…' }).click();
  await expect(page.getByRole('form', { name: 'Cancel the order' })).toBeVisible();
  expect(await serious(page), 'order page with notices').toEqual([]);
  const [first] = (await (await context.request.get(`/api/orders/${orderId}/events?order=oldest`)).json()) as {
    eventId: string;
  }[];
  const staff = await browser.newContext({ baseURL });
  await signIn(staff.request, STAFF);
  const admin = await staff.newPage();
  for (const path of [
    '/orders',
    `/orders?customer=${username}`,
    '/admin/events',
    `/admin/events?stream=order-${orderId.slice(0, 8)}`,
    `/admin/events/${first!.eventId}`,
    '/admin/projections',
    '/admin/system',
    '/admin/catalog',
    '/admin/catalog/mug',
  ]) {
    await admin.goto(path);
    // The title of a page whose metadata is computed per viewer (staff or not) streams in after the first bytes.
    await admin.waitForLoadState('networkidle');
    expect(await serious(admin), path).toEqual([]);
  }
});
