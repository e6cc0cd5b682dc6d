import { expect, test } from '@playwright/test';
import { apiOrder, showsVersion, signUp, total } from './helpers';

// A request that gets no answer (offline, the server down) is said in place, with a retry; the app stays, and so does
// what the user typed.

test('a change sent while the server cannot be reached says so under its line, keeps the input, and a retry applies it once', async ({
  page,
  context,
}) => {
  await signUp(page.request);
  const orderId = await apiOrder(page.request, [{ productId: 'mug', quantity: 1 }]);
  await page.goto(`/orders/${orderId}`);
  await showsVersion(page, 1);
  const quantity = page.getByRole('spinbutton', { name: 'Quantity of Stoneware mug' });
  await quantity.fill('4');
  await context.setOffline(true);
  await page
    .getByRole('form', { name: 'Change the quantity of Stoneware mug' })
    .getByRole('button', { name: 'Update' })
    .click();
  const alert = page.getByRole('row', { name: 'About Stoneware mug' }).getByRole('alert');
  await expect(alert).toContainText('The server could not be reached');
  await expect(quantity).toHaveValue('4');
  await expect(page.getByRole('heading', { name: `Order ${orderId.slice(0, 8)}` })).toBeVisible();

  await context.setOffline(false);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await showsVersion(page, 2);
  await expect(total(page)).toHaveText('$72.00');
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
  const events = (await (await page.request.get(`/api/orders/${orderId}/events`)).json()) as unknown[];
  expect(events).toHaveLength(2);
});

test('adding a product while offline keeps the choice for the retry', async ({ page, context }) => {
  await signUp(page.request);
  const orderId = await apiOrder(page.request, [{ productId: 'mug', quantity: 1 }]);
  await page.goto(`/orders/${orderId}`);
  await showsVersion(page, 1);
  await page.getByLabel('Product', { exact: true }).selectOption({ label: 'Gooseneck kettle ($59.00)' });
  await page.getByLabel('Quantity', { exact: true }).fill('2');
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const form = page.getByRole('form', { name: 'Add a product' });
  await expect(form.getByRole('alert')).toContainText('The server could not be reached');
  await expect(page.getByLabel('Product', { exact: true })).toHaveValue('kettle');
  await expect(page.getByLabel('Quantity', { exact: true })).toHaveValue('2');
  await context.setOffline(false);
  await form.getByRole('button', { name: 'Try again' }).click();
  await showsVersion(page, 2);
  await expect(total(page)).toHaveText('$136.00');
  // Cleared once added.
  await expect(page.getByLabel('Product', { exact: true })).toHaveValue('');
});
