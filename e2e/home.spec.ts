import { expect, test } from '@playwright/test';

test('a signed-in shopper opens the home page and it goes live over its socket', async ({ page }) => {
  const username = `e2e-${Date.now()}`;
  const password = 'correct horse battery';
  expect((await page.request.post('/api/users', { data: { username, password } })).status()).toBe(201);
  expect((await page.request.post('/api/session', { data: { username, password } })).status()).toBe(204);
  const socketOpened = page.waitForEvent('websocket', (ws) => ws.url().includes('/socket.io/'));
  await page.goto('/');
  await expect(page).toHaveTitle('Orderly');
  await expect(page.getByRole('heading', { level: 1, name: 'Orderly' })).toBeVisible();
  await expect(page.getByText(`Signed in as ${username}`)).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Live updates connected');
  expect((await socketOpened).url()).toMatch(/\/socket\.io\/\?EIO=4&transport=websocket/);
  await expect(page.getByText(/Events are stored in the (Redis|embedded SQLite) event store/)).toBeVisible();
});

test('a visitor who is not signed in is asked to sign in', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByText('Sign in to see your orders')).toBeVisible();
});
