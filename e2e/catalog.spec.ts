import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { STAFF } from '../playwright.config';
import { apiOrder, showsVersion, signIn, signUp } from './helpers';

test('staff add a product, change its price and retire it; shoppers see each change, and the history is kept', async ({
  browser,
  baseURL,
}) => {
  const staff = await browser.newContext({ baseURL });
  await signIn(staff.request, STAFF);
  const page = await staff.newPage();
  await page.goto('/admin/catalog');
  await expect(page).toHaveTitle('Catalog · Orderly');

  const id = `teapot-${randomUUID().slice(0, 6)}`;
  await page.getByLabel('Id', { exact: true }).fill(id);
  await page.getByLabel('Name', { exact: true }).fill('  Cast iron teapot  ');
  await page.getByLabel('Price ($)').fill('45.5');
  await page.getByRole('button', { name: 'Add product' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Listed' })).toContainText('version 1');

  await page.getByLabel('Name or id').fill(id.toUpperCase());
  await page.getByRole('button', { name: 'Search' }).click();
  const row = page.getByRole('row').filter({ hasText: id });
  await expect(row).toContainText('Cast iron teapot');
  await expect(row).toContainText('$45.50');
  await row.getByRole('link', { name: 'Cast iron teapot' }).click();
  await expect(page.getByRole('heading', { name: 'Cast iron teapot' })).toBeVisible();

  const shopper = await browser.newContext({ baseURL });
  await signUp(shopper.request);
  const shop = await shopper.newPage();
  await shop.goto('/orders/new');
  await expect(shop.getByRole('row').filter({ hasText: 'Cast iron teapot' })).toContainText('$45.50');

  await page.getByLabel('Price ($)').fill('39.99');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('list', { name: 'Product events' })).toContainText('Price $45.50 → $39.99');
  const history = page.getByRole('region', { name: 'Price history' }).getByRole('row');
  await expect(history).toHaveCount(3); // header, $39.99, $45.50
  await expect(history.nth(1)).toContainText('$39.99');
  await expect(history.nth(1)).toContainText(STAFF);
  // The shopper's page shows the new price by itself: the projector announces the product (products:updated).
  await expect(shop.getByRole('row').filter({ hasText: 'Cast iron teapot' })).toContainText('$39.99');

  // A price refused by the rules changes nothing, and says why.
  await page.getByLabel('Price ($)').fill('2000000');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('form', { name: 'Change the product' }).getByRole('alert')).toContainText(
    'from 0 to 100000000',
  );

  // A draft holds the teapot when it is retired.
  const orderId = await apiOrder(shopper.request, [
    { productId: id, quantity: 1 },
    { productId: 'mug', quantity: 1 },
  ]);

  const draft = await shopper.newPage();
  await draft.goto(`/orders/${orderId}`);
  await showsVersion(draft, 1);
  const offSale = draft.getByText('No longer on sale: lower its quantity or remove it.');
  await expect(draft.getByRole('spinbutton', { name: 'Quantity of Cast iron teapot' })).toHaveAttribute('max', '999');
  await expect(offSale).toHaveCount(0);
  // The shopper is choosing another teapot to add when it is retired.
  await expect(draft.getByRole('status').filter({ hasText: /version/ })).toContainText('live'); // hydrated
  const addProduct = draft.getByLabel('Product', { exact: true });
  await addProduct.selectOption({ label: 'Cast iron teapot ($39.99)' });
  await draft.getByLabel('Quantity', { exact: true }).fill('4');

  // On the new-order page the shopper has typed 2 teapots.
  await shop.getByLabel('Cast iron teapot', { exact: true }).fill('2');
  await expect(shop.locator('form.card tfoot')).toContainText('$79.98');

  await page.getByRole('button', { name: 'Retire' }).click();
  await expect(page.getByRole('button', { name: 'Relist' })).toBeVisible();
  await expect(shop.getByRole('row').filter({ hasText: 'Cast iron teapot' })).toHaveCount(0);
  // The typed line goes with it, and the page says so instead of the total just dropping.
  await expect(shop.getByRole('status').filter({ hasText: 'no longer on sale' })).toContainText(
    'Cast iron teapot is no longer on sale: taken out of this order.',
  );
  await expect(shop.locator('form.card tfoot')).toContainText('$0.00');
  // The open draft says so by itself, before any press: the line is marked, its box cannot grow, Submit explains.
  await expect(offSale).toBeVisible();
  const teapotBox = draft.getByRole('spinbutton', { name: 'Quantity of Cast iron teapot' });
  await expect(teapotBox).toHaveAttribute('max', '1');
  await expect(teapotBox).toHaveAccessibleDescription(/No longer on sale/);
  await expect(draft.getByRole('button', { name: 'Submit order' })).toHaveAccessibleDescription(
    /One line is no longer on sale: remove it to submit\./,
  );
  await expect(draft.getByRole('combobox', { name: 'Product' }).getByRole('option', { name: /teapot/ })).toHaveCount(0);
  // The choice being made goes back to "Choose…", and says why: pressing Add sends no other product in its place.
  await expect(addProduct).toHaveValue('');
  await expect(
    draft.getByRole('status').filter({ hasText: 'Cast iron teapot is no longer on sale: choose another product.' }),
  ).toBeVisible();
  await draft.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(draft.getByRole('form', { name: 'Add a product' }).getByRole('alert')).toContainText(
    'Choose a product to add.',
  );
  await showsVersion(draft, 1);
  // The rule behind the box: a retired line may not grow (422, nothing written).
  const grow = await shopper.request.patch(`/api/orders/${orderId}/items/${id}`, { data: { quantity: 2 } });
  expect(grow.status()).toBe(422);
  expect(await grow.json()).toMatchObject({ code: 'InactiveProduct' });
  await draft.close();
  // Relisted, it comes back to the shopper's new-order page by itself (a product that page did not show).
  await page.getByRole('button', { name: 'Relist' }).click();
  await expect(page.getByRole('button', { name: 'Retire' })).toBeVisible();
  await expect(shop.getByRole('row').filter({ hasText: 'Cast iron teapot' })).toContainText('$39.99');
  await expect(shop.getByLabel('Cast iron teapot', { exact: true })).toHaveValue(''); // the 2 does not come back
  await page.getByRole('button', { name: 'Retire' }).click();
  await expect(page.getByRole('button', { name: 'Relist' })).toBeVisible();
  await expect(shop.getByRole('row').filter({ hasText: 'Cast iron teapot' })).toHaveCount(0);
  const api = (await (await shopper.request.get('/api/products')).json()) as { id: string }[];
  expect(api.map((p) => p.id)).not.toContain(id);

  // That draft cannot be submitted while it holds the retired product: the refusal names it, and nothing is written.
  await shop.goto(`/orders/${orderId}`);
  await showsVersion(shop, 1);
  await shop.getByRole('button', { name: 'Submit order' }).click();
  await expect(shop.getByRole('form', { name: 'Submit the order' }).getByRole('alert')).toContainText(
    'Cast iron teapot is no longer on sale: remove it to submit the order',
  );
  // The button is not disabled while the command is pending, so the keyboard focus stays where the user was.
  await expect(shop.getByRole('button', { name: 'Submit order' })).toBeFocused();
  const refused = await shopper.request.post(`/api/orders/${orderId}/submit`);
  expect(refused.status()).toBe(422);
  expect(await refused.json()).toMatchObject({ code: 'InactiveProduct' });
  await showsVersion(shop, 1);
  await shop.getByRole('button', { name: 'Remove Cast iron teapot' }).click();
  await showsVersion(shop, 2);
  await shop.getByRole('button', { name: 'Submit order' }).click();
  await expect(shop.getByRole('form', { name: 'Submit the order' })).toHaveCount(0);
  const events = (await (await shopper.request.get(`/api/orders/${orderId}/events?order=oldest`)).json()) as {
    type: string;
  }[];
  expect(events.slice(0, 3).map((e) => e.type)).toEqual(['OrderCreated', 'ItemRemoved', 'OrderSubmitted']);
  await staff.close();
  await shopper.close();
});

test('staff receive stock and correct the count with a typed minus sign of any kind: the sign is kept', async ({
  browser,
  baseURL,
}) => {
  const staff = await browser.newContext({ baseURL });
  await signIn(staff.request, STAFF);
  const id = `kettle-${randomUUID().slice(0, 6)}`;
  // A name of its own: the shoppers' stories find seed products by name on the same server.
  const listed = await staff.request.post('/api/products', {
    data: { id, name: `Count test ${id}`, priceCents: 4900 },
  });
  expect(listed.status()).toBe(201);
  const page = await staff.newPage();
  await page.goto(`/admin/catalog/${id}`);
  const onHand = async () =>
    ((await (await staff.request.get(`/api/products/${id}/stock`)).json()) as { onHand: number }).onHand;

  await page.getByLabel('Units received').fill('10');
  await page.getByRole('button', { name: 'Receive' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Recorded' })).toBeVisible();
  await expect.poll(onHand).toBe(10);
  // As the label's example, a paste or an IME writes it: U+2212 MINUS SIGN, then an ASCII hyphen-minus.
  for (const [typed, expected] of [
    ['\u22122', 8],
    ['-3', 5],
    ['+1', 6],
  ] as const) {
    await page.getByLabel('Change (e.g. -2 or +5)').fill(typed);
    await page.getByLabel('Reason').fill(`count ${typed}`);
    await page.getByRole('button', { name: 'Correct' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Corrected' })).toBeVisible();
    await expect.poll(onHand).toBe(expected);
  }
  await page.getByLabel('Change (e.g. -2 or +5)').fill('two');
  await page.getByLabel('Reason').fill('typo');
  await page.getByRole('button', { name: 'Correct' }).click();
  await expect(page.getByRole('form', { name: 'Correct the count' }).getByRole('alert')).toHaveText(
    'Enter a whole number of units.',
  );
  expect(await onHand()).toBe(6);
});
