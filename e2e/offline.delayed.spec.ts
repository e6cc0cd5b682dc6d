import { expect, test } from '@playwright/test';
import { apiOrder, showsVersion, signUp, total } from './helpers';

// This server's projector waits 1.5 s per batch: after a command the page is behind, refetching until it catches up,
// and commands sent meanwhile queue behind each other.

test('Enter twice on one line (2, then 3, while the first is saving) applies both, in order', async ({ page }) => {
  await signUp(page.request);
  const orderId = await apiOrder(page.request, [{ productId: 'mug', quantity: 1 }]);
  await page.goto(`/orders/${orderId}`);
  await showsVersion(page, 1);
  // Hydrated (live updates connect only then): Enter goes to the app's forms, not a plain HTML post.
  await expect(page.getByRole('status').filter({ hasText: /version/ })).toContainText('live');
  const box = page.getByRole('spinbutton', { name: 'Quantity of Stoneware mug' });
  await box.fill('2');
  await box.press('Enter');
  await box.fill('3');
  await box.press('Enter');
  await showsVersion(page, 3);
  await expect(box).toHaveValue('3');
  await expect(total(page)).toHaveText('$54.00');
});
