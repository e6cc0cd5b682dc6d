import { expect, test } from '@playwright/test';
import { STAFF } from '../playwright.config';
import { apiOrder, openNewDraft, showsVersion, signIn, signUp, total } from './helpers';

// This server's projector waits 1.5 s before each batch (PROJECTION_DELAY_MS=1500).

test('after a command the page says "saved as version N, updating view…" and then shows it, by itself', async ({
  page,
}) => {
  await signUp(page.request);
  const orderId = await apiOrder(page.request, [{ productId: 'mug', quantity: 1 }]);
  await page.goto(`/orders/${orderId}`);
  await showsVersion(page, 1);
  await page.getByLabel('Product', { exact: true }).selectOption({ label: 'Gooseneck kettle ($59.00)' });
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const sync = page.getByRole('status').filter({ hasText: /version/ });
  await expect(sync).toHaveText('Saved as version 2, updating view…');
  await expect(total(page)).toHaveText('$18.00'); // still the read model it had
  await expect(sync).toHaveText(/^Showing version 2/);
  await expect(total(page)).toHaveText('$77.00');
});

test('two tabs on one draft: the stale one is told of the conflict and offered the fresh state', async ({
  context,
}) => {
  await signUp(context.request);
  const orderId = await apiOrder(context.request, [{ productId: 'mug', quantity: 1 }]);
  const first = await context.newPage();
  const second = await context.newPage();
  await first.goto(`/orders/${orderId}`);
  await second.goto(`/orders/${orderId}`);
  await showsVersion(first, 1);
  await showsVersion(second, 1);

  await first.getByRole('spinbutton', { name: 'Quantity of Stoneware mug' }).fill('2');
  await first
    .getByRole('form', { name: 'Change the quantity of Stoneware mug' })
    .getByRole('button', { name: 'Update' })
    .click();
  await expect(first.getByRole('status').filter({ hasText: /version/ })).toHaveText(
    'Saved as version 2, updating view…',
  );

  // The second tab still shows version 1 (its push is 1.5 s away) and acts on it.
  await second.getByRole('spinbutton', { name: 'Quantity of Stoneware mug' }).fill('5');
  await second
    .getByRole('form', { name: 'Change the quantity of Stoneware mug' })
    .getByRole('button', { name: 'Update' })
    .click();
  // The notice sits in a row of its own across the table, says who changed what, and stays until dismissed.
  const conflict = second.getByRole('row', { name: 'About Stoneware mug' }).getByRole('alert');
  await expect(conflict).toContainText(
    'You (in another tab or device) changed this order in the meantime (it is now at version 2); your change was not applied.',
  );
  await expect(conflict.getByRole('listitem')).toHaveText(
    /^You \(in another tab or device\): Stoneware mug: 1 → 2 v2$/,
  );
  const wrap = second.locator('.table-wrap');
  expect(await wrap.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
  await expect(conflict.getByRole('button', { name: 'Show the latest' })).toBeInViewport();
  await expect(total(second)).toBeInViewport();
  await conflict.getByRole('button', { name: 'Show the latest' }).click();
  await showsVersion(second, 2);
  await expect(second.getByRole('spinbutton', { name: 'Quantity of Stoneware mug' })).toHaveValue('2');
  await expect(total(second)).toHaveText('$36.00');
  await expect(second.getByRole('main').getByRole('alert')).toHaveCount(0);
});

test("two quick changes on one page are both applied: the second acts on the first one's version", async ({ page }) => {
  await signUp(page.request);
  const orderId = await apiOrder(page.request, [
    { productId: 'mug', quantity: 1 },
    { productId: 'kettle', quantity: 1 },
  ]);
  await page.goto(`/orders/${orderId}`);
  await showsVersion(page, 1);
  const mug = page.getByRole('spinbutton', { name: 'Quantity of Stoneware mug' });
  await mug.fill('3');
  await page.getByRole('form', { name: 'Change the quantity of Stoneware mug' }).getByRole('button').click();
  // Right after, while the first is being saved: remove the other line.
  await page.getByRole('button', { name: 'Remove Gooseneck kettle' }).click();
  const sync = page.getByRole('status').filter({ hasText: /version/ });
  await expect(sync).toHaveText('Saved as version 3, updating view…');
  // While the view catches up, the box keeps what the user typed.
  await expect(mug).toHaveValue('3');
  await showsVersion(page, 3);
  await expect(mug).toHaveValue('3');
  await expect(page.getByRole('spinbutton', { name: 'Quantity of Gooseneck kettle' })).toHaveCount(0);
  await expect(total(page)).toHaveText('$54.00');
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
});

test('a refusal stays next to its line until dismissed, while the view moves on', async ({ page }) => {
  await signUp(page.request);
  const orderId = await apiOrder(page.request, [{ productId: 'mug', quantity: 1 }]);
  await page.goto(`/orders/${orderId}`);
  await showsVersion(page, 1);
  await page.getByRole('spinbutton', { name: 'Quantity of Stoneware mug' }).fill('0');
  // The box's own limits would stop the browser from sending 0: send it past them, as a script could.
  await page.getByRole('form', { name: 'Change the quantity of Stoneware mug' }).evaluate((f: HTMLFormElement) => {
    f.noValidate = true;
    f.requestSubmit();
  });
  const refusal = page.getByRole('row', { name: 'About Stoneware mug' }).getByRole('alert');
  await expect(refusal).toContainText(/^Quantity must be a whole number from 1 to 999/);
  // Another change moves the view on; the refusal stays.
  await page.getByLabel('Product', { exact: true }).selectOption({ label: 'Gooseneck kettle ($59.00)' });
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await showsVersion(page, 2);
  await expect(refusal).toBeVisible();
  await refusal.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
});

test('saved but not shown yet, a removed line refuses a second press: one command, no refusal, focus kept', async ({
  page,
}) => {
  const orderId = await openNewDraft(page, [
    { productId: 'mug', quantity: 1 },
    { productId: 'kettle', quantity: 1 },
  ]);
  const remove = page.getByRole('button', { name: 'Remove Gooseneck kettle' });
  await remove.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: /version/ })).toHaveText(
    'Saved as version 2, updating view…',
  );
  await expect(remove).toHaveAttribute('aria-disabled', 'true');
  await expect(remove).toBeFocused();
  await page.keyboard.press('Enter'); // refused by the page: the line is already gone from the order
  await showsVersion(page, 2);
  await expect(page.getByRole('heading', { name: 'Lines', exact: true })).toBeFocused();
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
  const events = (await (await page.request.get(`/api/orders/${orderId}/events?order=oldest`)).json()) as {
    type: string;
  }[];
  expect(events.map((e) => e.type)).toEqual(['OrderCreated', 'ItemRemoved']);
});

test('a cancel that meets a shipping keeps its message after the page shows the order shipped, until closed', async ({
  browser,
  baseURL,
}) => {
  const staff = await browser.newContext({ baseURL });
  await signIn(staff.request, STAFF);
  const ann = await browser.newContext({ baseURL });
  await signUp(ann.request);
  const orderId = await apiOrder(ann.request, [{ productId: 'mug', quantity: 1 }]);
  expect((await ann.request.post(`/api/orders/${orderId}/submit`)).status()).toBe(200);
  const page = await ann.newPage();
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId('stock-decision')).toHaveText('Confirmed: every line is reserved for you.');
  await showsVersion(page, 3);
  await page.getByRole('button', { name: 'Cancel order…' }).click();

  // Staff ship it; the page hears of it 1.5 s later, after the shopper pressed.
  expect((await staff.request.post(`/api/orders/${orderId}/ship`)).status()).toBe(200);
  await page.getByRole('button', { name: 'Yes, cancel the order' }).click();
  const refused = page.getByRole('form', { name: 'Cancel the order' }).getByRole('alert');
  await expect(refused).toContainText('your change was not applied');
  await expect(page.getByTestId('stock-decision')).toContainText('Shipped');
  await showsVersion(page, 4);
  // The answer stays, without the controls of an open order, until its reader closes it.
  await expect(refused).toContainText('your change was not applied');
  await expect(page.getByRole('button', { name: 'Yes, cancel the order' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('form', { name: 'Cancel the order' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Cancel order…' })).toHaveCount(0);
  await staff.close();
  await ann.close();
});
