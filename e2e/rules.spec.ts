import { expect, test } from '@playwright/test';
import { apiOrder, showsVersion, signUp, timeline, total } from './helpers';

test('a refused rule shows its message next to what caused it, and changes nothing', async ({ page }) => {
  await signUp(page.request);
  const orderId = await apiOrder(page.request, [{ productId: 'mug', quantity: 998 }]);
  await page.goto(`/orders/${orderId}`);
  await showsVersion(page, 1);

  await page.getByLabel('Product', { exact: true }).selectOption({ label: 'Stoneware mug ($18.00)' });
  await page.getByLabel('Quantity', { exact: true }).fill('5');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const addForm = page.getByRole('form', { name: 'Add a product' });
  await expect(addForm.getByRole('alert')).toContainText(
    'Stoneware mug would have quantity 1003; a line holds at most 999',
  );

  // The box stops 0 itself (min 1); sent past it, as a script could, the rule refuses it under its line.
  await page.getByRole('spinbutton', { name: 'Quantity of Stoneware mug' }).fill('0');
  await page.getByRole('form', { name: 'Change the quantity of Stoneware mug' }).evaluate((f: HTMLFormElement) => {
    f.noValidate = true;
    f.requestSubmit();
  });
  await expect(page.getByRole('row', { name: 'About Stoneware mug' }).getByRole('alert')).toContainText(
    'Quantity must be a whole number from 1 to 999 (got 0)',
  );

  await showsVersion(page, 1);
  await expect(total(page)).toHaveText('$17,964.00');
  await expect(timeline(page)).toHaveCount(1);
  const events = (await (await page.request.get(`/api/orders/${orderId}/events`)).json()) as unknown[];
  expect(events).toHaveLength(1);
});

test('a submitted order offers no more changes, and the rules still refuse them', async ({ page }) => {
  await signUp(page.request);
  const orderId = await apiOrder(page.request, [{ productId: 'mug', quantity: 1 }]);
  await page.request.post(`/api/orders/${orderId}/submit?consistency=strong`);
  await page.goto(`/orders/${orderId}`);
  await showsVersion(page, 3); // submitted, then confirmed by the reservations process
  await expect(page.getByRole('form', { name: 'Add a product' })).toHaveCount(0);
  const r = await page.request.post(`/api/orders/${orderId}/items`, { data: { productId: 'mug', quantity: 1 } });
  expect(r.status()).toBe(422);
  expect(((await r.json()) as { error: string }).error).toBe(
    'the order is confirmed: only a draft order can be changed',
  );
});

test('cancelling asks first: "Keep the order" sends nothing, "Yes, cancel the order" cancels', async ({ page }) => {
  await signUp(page.request);
  const orderId = await apiOrder(page.request, [{ productId: 'mug', quantity: 1 }]);
  await page.goto(`/orders/${orderId}`);
  await showsVersion(page, 1);
  await page.getByRole('button', { name: 'Cancel order…' }).click();
  const confirm = page.getByRole('form', { name: 'Cancel the order' });
  await expect(confirm).toContainText('Cancel this order? It cannot be undone');
  await confirm.getByRole('button', { name: 'Keep the order' }).click();
  await expect(confirm).toHaveCount(0);
  await page.getByRole('button', { name: 'Cancel order…' }).click();
  await confirm.getByLabel('Reason (optional)').fill('changed my mind');
  await confirm.getByRole('button', { name: 'Yes, cancel the order' }).click();
  await showsVersion(page, 2);
  await expect(page.getByTestId('cancel-reason')).toHaveText('changed my mind');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused(); // not the page's body
  // Only the one cancellation was recorded (newest first): "Keep the order" sent nothing.
  const events = (await (await page.request.get(`/api/orders/${orderId}/events`)).json()) as { type: string }[];
  expect(events.map((e) => e.type)).toEqual(['OrderCancelled', 'OrderCreated']);
});

test('quantities are checked where they are typed: the new-order total leaves out what the rules would refuse', async ({
  page,
}) => {
  await signUp(page.request);
  await page.goto('/orders/new');
  await page.getByLabel('Stoneware mug', { exact: true }).fill('2');
  await page.getByLabel('Gooseneck kettle', { exact: true }).fill('999999999');
  const form = page.locator('form.card');
  await expect(form.getByRole('row', { name: /Total/ })).toContainText('$36.00');
  await expect(page.getByText('A quantity is a whole number from 1 to 999')).toBeVisible();
  await expect(page.getByLabel('Gooseneck kettle', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Gooseneck kettle', { exact: true }).fill('1');
  await expect(form.getByRole('row', { name: /Total/ })).toContainText('$95.00');
  await expect(page.getByText('A quantity is a whole number from 1 to 999')).toHaveCount(0);
});

test('a quantity that is not a whole number is refused in words, under its line', async ({ page }) => {
  await signUp(page.request);
  const orderId = await apiOrder(page.request, [{ productId: 'mug', quantity: 1 }]);
  await page.goto(`/orders/${orderId}`);
  await showsVersion(page, 1);
  await page.getByRole('spinbutton', { name: 'Quantity of Stoneware mug' }).fill('1.5');
  await page.getByRole('form', { name: 'Change the quantity of Stoneware mug' }).evaluate((f: HTMLFormElement) => {
    f.noValidate = true;
    f.requestSubmit();
  });
  await expect(page.getByRole('row', { name: 'About Stoneware mug' }).getByRole('alert')).toContainText(
    'Enter the quantity as a whole number, from 1 to 999.',
  );
});

test('the cancel confirmation works from the keyboard: focus on the reason, Escape closes it', async ({ page }) => {
  await signUp(page.request);
  const orderId = await apiOrder(page.request, [{ productId: 'mug', quantity: 1 }]);
  await page.goto(`/orders/${orderId}`);
  await showsVersion(page, 1);
  await page.getByRole('button', { name: 'Cancel order…' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Reason (optional)')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('form', { name: 'Cancel the order' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Cancel order…' })).toBeFocused();
});
