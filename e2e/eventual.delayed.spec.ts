import { expect, test } from '@playwright/test';
import { apiOrder, showsVersion, signUp, total } from './helpers';

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
  const conflict = second.getByRole('row').filter({ hasText: 'Stoneware mug' }).getByRole('alert');
  await expect(conflict).toContainText('Someone changed this order in the meantime (it is now at version 2)');
  await conflict.getByRole('button', { name: 'Show the latest' }).click();
  await showsVersion(second, 2);
  await expect(second.getByRole('spinbutton', { name: 'Quantity of Stoneware mug' })).toHaveValue('2');
  await expect(total(second)).toHaveText('$36.00');
});
