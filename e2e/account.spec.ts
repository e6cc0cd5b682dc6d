// Accounts in the browser: weak passwords refused with a reason, the sign-in form validating like the API, and the
// account page (change the password, sign out everywhere else) ending the other sessions at once.
import { type BrowserContext, expect, test } from '@playwright/test';
import { PASSWORD, signUp, uniqueName } from './helpers';

/** A page in another browser context (another device), signed in as `username`. */
async function signedInElsewhere(context: BrowserContext, username: string) {
  const page = await context.newPage();
  expect((await page.request.post('/api/session', { data: { username, password: PASSWORD } })).status()).toBe(204);
  return page;
}

test('sign-up refuses a common password and says why; a strong one gets in', async ({ page }) => {
  await page.goto('/signup');
  await page.getByLabel('Username').fill(uniqueName('weak'));
  await page.getByLabel('Password').fill('password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText(/Too easy to guess: This is a .*used password\. /)).toBeVisible();
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Password').fill('lantern orbit cobble');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/orders$/);
});

test('the sign-in form checks input like the API: a 100,000-character username is refused before any lookup', async ({
  page,
}) => {
  await page.goto('/login');
  await page.getByLabel('Username').fill('x'.repeat(100_000));
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('A username is 3 to 32 of a-z, 0-9, _ and - (lowercase only)')).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
});

test('the forms take a username as people type it: spaces around it dropped, capitals lowered', async ({
  page,
  browser,
  baseURL,
}) => {
  const name = uniqueName('alice');
  await page.goto('/signup');
  await page.getByLabel('Username').fill(`  ${name.toUpperCase()}  `);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  // The account is the lower-case name: the API (which stays strict) signs in with it.
  const other = await browser.newContext({ baseURL });
  expect((await other.request.post('/api/session', { data: { username: name, password: PASSWORD } })).status()).toBe(
    204,
  );
  expect(
    (await other.request.post('/api/session', { data: { username: ` ${name}`, password: PASSWORD } })).status(),
  ).toBe(400);
  await other.close();
  const fresh = await browser.newContext({ baseURL });
  const form = await fresh.newPage();
  await form.goto('/login');
  await form.getByLabel('Username').fill(` ${name[0]!.toUpperCase()}${name.slice(1)} `);
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(form).toHaveURL(/\/orders$/);
  await fresh.close();
});

test('changing the password signs out the other browser at once; this one stays signed in', async ({
  page,
  browser,
}) => {
  const username = await signUp(page.request);
  const other = await browser.newContext();
  try {
    const otherPage = await signedInElsewhere(other, username);
    await otherPage.goto('/orders');
    await expect(otherPage.getByRole('heading', { name: 'My orders' })).toBeVisible();

    await page.goto('/orders');
    await page.getByRole('link', { name: username }).click();
    await expect(page.getByRole('heading', { name: 'Account' })).toBeVisible();
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password').fill('12345678');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByText(/Too easy to guess/)).toBeVisible();
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password').fill('lantern orbit cobble');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByText('Password changed. Signed out 1 other session.')).toBeVisible();

    await otherPage.reload();
    await expect(otherPage).toHaveURL(/\/login\?next=%2Forders$/);
    await page.goto('/orders');
    await expect(page.getByRole('heading', { name: 'My orders' })).toBeVisible();
  } finally {
    await other.close();
  }
});

test('"sign out everywhere else" ends the other browser\'s session', async ({ page, browser }) => {
  const username = await signUp(page.request);
  const other = await browser.newContext();
  try {
    const otherPage = await signedInElsewhere(other, username);
    await page.goto('/account');
    await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await expect(page.getByText('Signed out 1 other session.')).toBeVisible();
    expect((await otherPage.request.get('/api/orders')).status()).toBe(401);
    expect((await page.request.get('/api/orders')).status()).toBe(200);
  } finally {
    await other.close();
  }
});
