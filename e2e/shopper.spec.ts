import { expect, test } from '@playwright/test';
import { apiOrder, PASSWORD, showsVersion, signUp, timeline, total, uniqueName } from './helpers';

test('a shopper signs up, creates an order, adds, changes and removes lines, and submits it', async ({ page }) => {
  const username = uniqueName('ann');
  await page.goto('/');
  await page.getByRole('link', { name: 'Sign up' }).first().click();
  await expect(page).toHaveTitle('Sign up · Orderly');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page).toHaveTitle('My orders · Orderly');
  await expect(page.getByText('No orders yet.')).toBeVisible();

  await page.getByRole('link', { name: 'New order' }).first().click();
  await page.getByLabel('Stoneware mug').fill('2');
  await expect(page.getByRole('cell', { name: '$36.00' })).toBeVisible();
  await page.getByRole('button', { name: 'Create order' }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await showsVersion(page, 1);
  await expect(total(page)).toHaveText('$36.00');

  await page.getByLabel('Product', { exact: true }).selectOption({ label: 'Gooseneck kettle ($59.00)' });
  await page.getByLabel('Quantity', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await showsVersion(page, 2);
  await expect(total(page)).toHaveText('$95.00');

  await page.getByRole('spinbutton', { name: 'Quantity of Stoneware mug' }).fill('3');
  await page
    .getByRole('form', { name: 'Change the quantity of Stoneware mug' })
    .getByRole('button', { name: 'Update' })
    .click();
  await showsVersion(page, 3);
  await expect(total(page)).toHaveText('$113.00');

  await page.getByRole('button', { name: 'Remove Gooseneck kettle' }).click();
  await showsVersion(page, 4);
  await expect(total(page)).toHaveText('$54.00');
  await expect(page.getByRole('cell', { name: 'Gooseneck kettle' })).toHaveCount(0);
  // The button that had the focus is gone with its line: the focus goes to the lines' heading, not to the page.
  await expect(page.getByRole('heading', { name: 'Lines', exact: true })).toBeFocused();

  // Submitted, then confirmed by the reservations process once its stock is held (the page follows by itself).
  await page.getByRole('button', { name: 'Submit order' }).click();
  await showsVersion(page, 6);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page.getByTestId('stock-decision')).toHaveText('Confirmed: every line is reserved for you.');
  await expect(page.getByText('Confirmed', { exact: true }).first()).toBeVisible();
  await expect(total(page)).toHaveText('$54.00');

  await expect(timeline(page)).toHaveText([
    /Confirmed v6.*every line is reserved/,
    /Submitted v5.*total \$54\.00/,
    /Item removed v4.*Removed 1 × Gooseneck kettle/,
    /Quantity changed v3.*Stoneware mug: 2 → 3/,
    /Item added v2.*\+1 × Gooseneck kettle at \$59\.00/,
    /Created v1.*2 × Stoneware mug.*\$36\.00/,
  ]);
  await expect(timeline(page).nth(1)).toContainText(username);
  await expect(timeline(page).first()).toContainText('stock reservations');

  await page.getByRole('link', { name: 'Back to my orders' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Confirmed' })).toContainText('$54.00');
});

test('the spending chart names its months as people do and shows each amount', async ({ page, browser, baseURL }) => {
  await signUp(page.request);
  const orderId = await apiOrder(page.request, [{ productId: 'mug', quantity: 1 }]);
  expect((await page.request.post(`/api/orders/${orderId}/submit?consistency=strong`)).status()).toBe(200);
  await page.goto('/orders');
  const now = new Date();
  const long = now.toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const short = now.toLocaleString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const chart = page.getByRole('img', { name: `Spending per month: ${long} $18.00` });
  await expect(chart).toBeVisible();
  await expect(chart.getByText(short, { exact: true })).toBeVisible();
  await expect(chart.getByText('$18.00', { exact: true })).toBeVisible();
  // A reader 14 hours ahead of UTC: the month is theirs (the browser groups the orders in its own zone).
  const zone = 'Pacific/Kiritimati';
  const far = await browser.newContext({
    baseURL,
    timezoneId: zone,
    storageState: await page.context().storageState(),
  });
  const farPage = await far.newPage();
  await farPage.goto('/orders');
  const farLong = now.toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: zone });
  await expect(farPage.getByRole('img', { name: `Spending per month: ${farLong} $18.00` })).toBeVisible();
  await far.close();
});

test('on a phone the orders list keeps every column in view, without a sideways scroll', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page.request);
  await apiOrder(page.request, [{ productId: 'mug', quantity: 1 }]);
  await page.goto('/orders');
  const list = page.getByRole('region', { name: 'Orders' });
  const row = list.getByRole('row').filter({ hasText: 'Order ' });
  await expect(row.getByText('$18.00')).toBeInViewport();
  await expect(row.getByRole('cell').last()).toBeInViewport();
  await expect(row.getByRole('cell').last()).toContainText(/now|ago|at/);
  expect(await list.locator('.table-wrap').evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
});
