import { expect, test } from '@playwright/test';

test('a visitor opens the home page and it goes live over its socket', async ({ page }) => {
  const socketOpened = page.waitForEvent('websocket', (ws) => ws.url().includes('/socket.io/'));
  await page.goto('/');
  await expect(page).toHaveTitle('Orderly');
  await expect(page.getByRole('heading', { level: 1, name: 'Orderly' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Live updates connected');
  expect((await socketOpened).url()).toMatch(/\/socket\.io\/\?EIO=4&transport=websocket/);
  await expect(page.getByText(/Events are stored in the (Redis|embedded SQLite) event store/)).toBeVisible();
});
