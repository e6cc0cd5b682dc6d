import { expect, type Page, test } from '@playwright/test';
import { apiOrder, failSavedChecks, loseNextAnswer, openNewDraft, showsVersion, signUp, total } from './helpers';

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

/**
 * A live draft of a mug and a kettle whose next change (the mug to 5) is written but its answer lost, and whose
 * questions whether it was saved fail until `allow()`; resolves once the page says the server could not be reached.
 */
async function mugChangeWithLostAnswer(page: Page) {
  const orderId = await openNewDraft(page, [
    { productId: 'mug', quantity: 1 },
    { productId: 'kettle', quantity: 1 },
  ]);
  await expect(page.getByRole('status').filter({ hasText: /version/ })).toContainText('live');
  const checks = await failSavedChecks(page, orderId);
  await loseNextAnswer(page, orderId);
  const box = page.getByRole('spinbutton', { name: 'Quantity of Stoneware mug' });
  await box.fill('5');
  await box.press('Enter');
  const mugNotice = page.getByRole('row', { name: 'About Stoneware mug' }).getByRole('alert');
  await expect(mugNotice).toContainText('could not be reached');
  return { checks, mugNotice };
}

test("a change whose answer was lost, then another on the same page: the conflict is told as this page's own", async ({
  page,
}) => {
  const { checks } = await mugChangeWithLostAnswer(page);
  // The page did not learn that version 2 is its own: the next change, on version 1, meets it as a conflict.
  await page.getByRole('button', { name: 'Remove Gooseneck kettle' }).click();
  const notice = page.getByRole('row', { name: 'About Gooseneck kettle' }).getByRole('alert');
  await expect(notice).toContainText('Your earlier change on this page was saved (its answer was lost on the way)');
  await expect(notice).toContainText('You, on this page');
  await expect(notice).not.toContainText('another tab');
  checks.allow();
});

test('a change whose answer was lost is found saved: the next change on the page builds on it, with no conflict', async ({
  page,
}) => {
  const { checks, mugNotice } = await mugChangeWithLostAnswer(page);
  // The server says the change was written as version 2: the page waits for it instead of warning.
  checks.allow();
  await expect(mugNotice).toHaveCount(0);
  await page.getByRole('button', { name: 'Remove Gooseneck kettle' }).click();
  await showsVersion(page, 3);
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
  await expect(total(page)).toHaveText('$90.00');
});
