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
