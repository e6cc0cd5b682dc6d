import { expect, test } from '@playwright/test';
import { apiOrder, showsVersion, signUp, total } from './helpers';

test('a second browser of the same user sees every change live, without reload', async ({ browser, baseURL }) => {
  const first = await browser.newContext({ baseURL });
  const second = await browser.newContext({ baseURL });
  const username = await signUp(first.request);
  await second.request.post('/api/session', { data: { username, password: 'correct horse battery' } });
  const a = await first.newPage();
  const b = await second.newPage();

  await b.goto('/orders');
  await b.evaluate(() => {
    (window as unknown as { marker: string }).marker = 'no reload';
  });
  const orderId = await apiOrder(first.request, [{ productId: 'mug', quantity: 1 }]);
  await expect(b.getByRole('link', { name: `Order ${orderId.slice(0, 8)}` })).toBeVisible(); // the list updated itself

  await a.goto(`/orders/${orderId}`);
  await b.getByRole('link', { name: `Order ${orderId.slice(0, 8)}` }).click();
  await showsVersion(b, 1);
  await b.evaluate(() => {
    (window as unknown as { marker: string }).marker = 'no reload';
  });

  await a.getByRole('spinbutton', { name: 'Quantity of Stoneware mug' }).fill('4');
  await a
    .getByRole('form', { name: 'Change the quantity of Stoneware mug' })
    .getByRole('button', { name: 'Update' })
    .click();
  await showsVersion(b, 2);
  await expect(total(b)).toHaveText('$72.00');

  await a.getByLabel('Product', { exact: true }).selectOption({ label: 'Brewing scale ($32.00)' });
  await a.getByRole('button', { name: 'Add', exact: true }).click();
  await showsVersion(b, 3);
  await expect(b.getByRole('cell', { name: 'Brewing scale', exact: true })).toBeVisible();
  await expect(b.getByRole('list', { name: 'Events' }).getByRole('listitem')).toHaveCount(3);

  await a.getByRole('button', { name: 'Submit order' }).click();
  await showsVersion(b, 5); // submitted (4), then confirmed by the reservations process (5)
  await expect(b.getByText('Confirmed', { exact: true }).first()).toBeVisible();
  expect(await b.evaluate(() => (window as unknown as { marker: string }).marker)).toBe('no reload');
  await first.close();
  await second.close();
});
