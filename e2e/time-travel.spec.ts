import { expect, test } from '@playwright/test';
import { apiOrder, showsVersion, signUp, timeline, total } from './helpers';

test('choosing an earlier timeline entry shows the order as it was then; going back shows now', async ({ page }) => {
  await signUp(page.request);
  const orderId = await apiOrder(page.request, [{ productId: 'mug', quantity: 1 }]);
  await page.request.post(`/api/orders/${orderId}/items`, { data: { productId: 'kettle', quantity: 2 } });
  await page.request.patch(`/api/orders/${orderId}/items/mug?consistency=strong`, { data: { quantity: 3 } });
  await page.goto(`/orders/${orderId}`);
  await showsVersion(page, 3);
  await expect(total(page)).toHaveText('$172.00');

  await timeline(page).nth(2).getByRole('link').click(); // newest first: v3, v2, v1
  await expect(page.getByRole('note', { name: 'History' })).toContainText('version 1 of 3');
  await expect(page.getByRole('heading', { name: 'Lines at version 1' })).toBeVisible();
  await expect(total(page)).toHaveText('$18.00');
  await expect(page.getByRole('cell', { name: 'Gooseneck kettle' })).toHaveCount(0);
  await expect(page.getByRole('form', { name: 'Add a product' })).toHaveCount(0); // history is read-only
  await expect(timeline(page).nth(2)).toHaveAttribute('aria-current', 'true');

  await timeline(page).nth(1).getByRole('link').click();
  await expect(page.getByRole('note', { name: 'History' })).toContainText('version 2 of 3');
  await expect(total(page)).toHaveText('$136.00');

  await page.getByRole('link', { name: 'Back to now' }).click();
  await expect(page.getByRole('note', { name: 'History' })).toHaveCount(0);
  await expect(total(page)).toHaveText('$172.00');
  await expect(page.getByRole('form', { name: 'Add a product' })).toBeVisible();
});

test('a version that does not exist says so, and shows the current one', async ({ page }) => {
  await signUp(page.request);
  const orderId = await apiOrder(page.request, [{ productId: 'mug', quantity: 1 }]);
  for (const v of ['99', 'abc', '0']) {
    await page.goto(`/orders/${orderId}?v=${v}`);
    await showsVersion(page, 1);
    await expect(page.getByRole('note')).toHaveText(
      `This order has no version “${v}” (its versions are 1 to 1): this is the current version.`,
    );
  }
  await page.goto(`/orders/${orderId}?v=1`);
  await showsVersion(page, 1);
  await expect(page.getByRole('note')).toHaveCount(0);
});

test('each version says what it changed against the one before, who did it, and steps to its neighbours', async ({
  page,
}) => {
  const username = await signUp(page.request);
  const orderId = await apiOrder(page.request, [{ productId: 'mug', quantity: 1 }]);
  await page.request.post(`/api/orders/${orderId}/items`, { data: { productId: 'kettle', quantity: 1 } });
  await page.request.patch(`/api/orders/${orderId}/items/mug`, { data: { quantity: 3 } });
  await page.request.delete(`/api/orders/${orderId}/items/kettle?consistency=strong`);
  await page.goto(`/orders/${orderId}?v=3`);
  const change = page.getByRole('region', { name: /What version 3 changed/ });
  await expect(change.getByRole('heading')).toContainText(`by ${username}`);
  await expect(change.getByRole('listitem')).toHaveText(['Stoneware mug: quantity 1 → 3']);
  await expect(change).toContainText('Total $77.00 → $113.00');

  await change.getByRole('link', { name: '← Version 2' }).click();
  const second = page.getByRole('region', { name: /What version 2 changed/ });
  await expect(second.getByRole('listitem')).toHaveText(['Added Gooseneck kettle: 1 × $59.00']);
  await expect(second).toContainText('Total $18.00 → $77.00');

  await second.getByRole('link', { name: '← Version 1' }).click();
  const first = page.getByRole('region', { name: /What version 1 changed/ });
  await expect(first.getByRole('listitem')).toHaveText(['Added Stoneware mug: 1 × $18.00', 'Status: none → Draft']);
  await expect(first.getByRole('link', { name: /← Version/ })).toHaveCount(0);

  await page.goto(`/orders/${orderId}?v=3`);
  await page.getByRole('link', { name: 'Version 4 (now) →' }).click();
  await expect(page).toHaveURL(new RegExp(`/orders/${orderId}$`));
  await expect(page.getByRole('region', { name: /What version/ })).toHaveCount(0);
});
