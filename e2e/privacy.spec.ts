import { expect, test } from '@playwright/test';
import { apiOrder, showsVersion, signUp } from './helpers';

test('another user opening the order gets the not-found page, and their socket hears none of its updates', async ({
  browser,
  baseURL,
}) => {
  const owner = await browser.newContext({ baseURL });
  const other = await browser.newContext({ baseURL });
  await signUp(owner.request);
  await signUp(other.request);
  const orderId = await apiOrder(owner.request, [{ productId: 'mug', quantity: 1 }]);

  const frames: string[] = [];
  other.on('page', (p) => p.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload)))));
  const page = await other.newPage();
  const response = await page.goto(`/orders/${orderId}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(page).toHaveTitle(/Orderly/);
  // What was typed in the address is not echoed in the title.
  expect((await page.goto('/orders/typed-by-hand'))?.status()).toBe(404);
  await expect(page).toHaveTitle(/^Not found/);

  const mine = await other.newPage();
  await mine.goto('/orders');
  const ownerPage = await owner.newPage();
  await ownerPage.goto(`/orders/${orderId}`);
  await ownerPage.getByLabel('Product', { exact: true }).selectOption({ label: 'Gooseneck kettle ($59.00)' });
  await ownerPage.getByRole('button', { name: 'Add', exact: true }).click();
  await showsVersion(ownerPage, 2);

  // The other user's own change reaches them: by then, any of the owner's pushes would have too.
  const theirs = await apiOrder(other.request, [{ productId: 'chai', quantity: 1 }]);
  await expect.poll(() => frames.some((f) => f.includes(theirs))).toBe(true);
  expect(frames.filter((f) => f.includes(orderId))).toEqual([]);
  await owner.close();
  await other.close();
});
