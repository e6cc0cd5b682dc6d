// npm run screenshots: drives the app in Chromium through its main pages and writes PNGs under docs/.
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunch } from '../e2e/chromium';
import { Client, startAppServer } from '../lib/testing/app-server';

const OUT = 'docs/screenshots';
const app = await startAppServer({ STAFF_USERS: 'sam', LOG_LEVEL: 'error' });
const browser = await chromium.launch(chromiumLaunch);
try {
  // Some history to look at, made through the API.
  const ann = await new Client(app.url).signUpAndIn('ann');
  const made: string[] = [];
  for (const items of [
    [
      { productId: 'espresso-beans', quantity: 2 },
      { productId: 'filter-papers', quantity: 1 },
    ],
    [{ productId: 'moka-pot', quantity: 1 }],
    [
      { productId: 'mug', quantity: 4 },
      { productId: 'biscotti', quantity: 2 },
    ],
  ]) {
    const r = await ann.call('POST', '/api/orders?consistency=strong', { items });
    made.push((r.json as unknown as { id: string }).id);
  }
  const [first, second, third] = made as [string, string, string];
  await ann.call('POST', `/api/orders/${first}/items`, { productId: 'oat-milk', quantity: 3 });
  await ann.call('PATCH', `/api/orders/${first}/items/espresso-beans`, { quantity: 3 });
  await ann.call('POST', `/api/orders/${second}/submit`);
  await ann.call('POST', `/api/orders/${third}/submit`);
  await ann.call('POST', `/api/orders/${third}/cancel?consistency=strong`, { reason: 'ordered twice' });
  await new Client(app.url).signUpAndIn('sam');

  const shoot = async (page: Page, name: string, path: string) => {
    await page.goto(`${app.url}${path}`);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });
    console.log(`${OUT}/${name}.png`);
  };
  const signedIn = async (username: string, width = 1280) => {
    const context = await browser.newContext({ viewport: { width, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${app.url}/login`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/orders');
    return page;
  };

  const visitor = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await shoot(visitor, 'home', '/');
  const page = await signedIn('ann');
  await shoot(page, 'orders', '/orders');
  await shoot(page, 'new-order', '/orders/new');
  await shoot(page, 'order', `/orders/${first}`);
  await shoot(page, 'order-history', `/orders/${first}?v=3`);
  const phone = await signedIn('ann', 390);
  await shoot(phone, 'order-phone', `/orders/${first}`);
  await shoot(phone, 'orders-phone', '/orders');
  const staff = await signedIn('sam');
  await shoot(staff, 'staff-orders', '/orders');
  await shoot(staff, 'admin-events', '/admin/events');
  await shoot(staff, 'admin-projections', '/admin/projections');
  await shoot(staff, 'admin-system', '/admin/system');
  await shoot(await signedIn('sam', 390), 'admin-system-phone', '/admin/system');
} finally {
  await browser.close();
  await app.stop();
}
