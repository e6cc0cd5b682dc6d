import { expect, type Page, type Request, test } from '@playwright/test';
import { apiOrder, showsVersion, signUp } from './helpers';

/** Posts a captured server-action request again, byte for byte (a double submit, a retry after a dropped answer). */
async function repost(page: Page, request: Request) {
  const headers = await request.allHeaders();
  const r = await page.request.fetch(request.url(), {
    method: 'POST',
    headers: Object.fromEntries(Object.entries(headers).filter(([h]) => !h.startsWith(':') && h !== 'cookie')),
    data: request.postDataBuffer() ?? undefined,
    maxRedirects: 0,
  });
  expect(r.status()).toBeLessThan(400);
}

const serverAction = (page: Page) => page.waitForRequest((r) => r.method() === 'POST' && !!r.headers()['next-action']);

test('a new-order form posted three times creates one order, with one event', async ({ page }) => {
  await signUp(page.request);
  await page.goto('/orders/new');
  await page.getByLabel('Stoneware mug').fill('2');
  const posted = serverAction(page);
  await page.getByRole('button', { name: 'Create order' }).click();
  const request = await posted;
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  const orderId = page.url().split('/').at(-1)!;

  await repost(page, request);
  await repost(page, request);

  const orders = (await (await page.request.get('/api/orders')).json()) as { id: string }[];
  expect(orders.map((o) => o.id)).toEqual([orderId]);
  const events = (await (await page.request.get(`/api/orders/${orderId}/events`)).json()) as unknown[];
  expect(events).toHaveLength(1);
});

test('an order-page form posted again writes its command once, and the next submission is a new command', async ({
  page,
}) => {
  await signUp(page.request);
  const orderId = await apiOrder(page.request, [{ productId: 'mug', quantity: 1 }]);
  await page.goto(`/orders/${orderId}`);
  await showsVersion(page, 1);
  await page.getByLabel('Product', { exact: true }).selectOption({ label: 'Gooseneck kettle ($59.00)' });
  const posted = serverAction(page);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const request = await posted;
  await showsVersion(page, 2);

  await repost(page, request);
  const events = async () =>
    ((await (await page.request.get(`/api/orders/${orderId}/events`)).json()) as unknown[]).length;
  expect(await events()).toBe(2);

  // The form took a fresh command id after its answer: adding again is another command.
  await page.getByLabel('Product', { exact: true }).selectOption({ label: 'Gooseneck kettle ($59.00)' });
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await showsVersion(page, 3);
  expect(await events()).toBe(3);
});
