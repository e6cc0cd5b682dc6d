import { randomUUID } from 'node:crypto';
import { expect, type Page, type Route, test } from '@playwright/test';
import { STAFF } from '../playwright.config';
import {
  apiOrder,
  failSavedChecks,
  isRefresh,
  loseNextAnswer,
  openNewDraft,
  showsVersion,
  signIn,
  signUp,
  total,
} from './helpers';

/** Waits until the page's live updates are connected, which happens only once it is hydrated. */
const live = (page: Page) => expect(page.getByRole('status').filter({ hasText: /version/ })).toContainText('live');

/** Whether leaving the page now would ask first (its beforeunload listeners cancel the event). */
const wouldAskBeforeLeaving = (page: Page) =>
  page.evaluate(() => {
    const e = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(e);
    return e.defaultPrevented;
  });

// A request that gets no answer (offline, the server down) is said in place, with a retry; the app stays, and so does
// what the user typed.

test('a change sent while the server cannot be reached says so under its line, keeps the input, and a retry applies it once', async ({
  page,
  context,
}) => {
  await signUp(page.request);
  const orderId = await apiOrder(page.request, [{ productId: 'mug', quantity: 1 }]);
  await page.goto(`/orders/${orderId}`);
  await showsVersion(page, 1);
  await live(page); // hydrated: the forms are the app's, not plain HTML posts
  const quantity = page.getByRole('spinbutton', { name: 'Quantity of Stoneware mug' });
  await quantity.fill('4');
  await context.setOffline(true);
  await page
    .getByRole('form', { name: 'Change the quantity of Stoneware mug' })
    .getByRole('button', { name: 'Update' })
    .click();
  const alert = page.getByRole('row', { name: 'About Stoneware mug' }).getByRole('alert');
  await expect(alert).toContainText('The server could not be reached');
  await expect(quantity).toHaveValue('4');
  await expect(page.getByRole('heading', { name: `Order ${orderId.slice(0, 8)}` })).toBeVisible();

  await context.setOffline(false);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await showsVersion(page, 2);
  await expect(total(page)).toHaveText('$72.00');
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
  const events = (await (await page.request.get(`/api/orders/${orderId}/events`)).json()) as unknown[];
  expect(events).toHaveLength(2);
});

test('a refresh in flight when the link drops leaves the page as it was, with what was typed, and catches up once back', async ({
  page,
  context,
}) => {
  const orderId = await openNewDraft(page, [{ productId: 'mug', quantity: 1 }]);
  await live(page);
  await page.evaluate(() => {
    (window as { sameDocument?: boolean }).sameDocument = true; // gone if the page is ever loaded again
  });
  const quantity = page.getByRole('spinbutton', { name: 'Quantity of Stoneware mug' });
  await quantity.fill('4'); // typed, not sent
  // The page's refreshes are held; the first is answered by the link dropping. However they are sent: a router
  // refresh (a GET with an RSC header, the code before) is held too, so that this fails there.
  const refreshes: Route[] = [];
  const waiting: ((route: Route) => void)[] = [];
  let released = false;
  await page.route(
    (url) => url.pathname === `/orders/${orderId}`,
    (route) => {
      const request = route.request();
      if (released) return route.fallback();
      if (request.method() !== 'POST' && request.headers().rsc === undefined) return route.fallback();
      if (request.method() === 'POST' && !isRefresh(request)) return route.fallback();
      const waiter = waiting.shift();
      if (waiter) waiter(route);
      else refreshes.push(route);
    },
  );
  const nextRefresh = () =>
    new Promise<Route>((resolve) => {
      const held = refreshes.shift();
      if (held) resolve(held);
      else waiting.push(resolve);
    });
  const first = nextRefresh();
  // Another tab of the same user adds a line: the push makes this page refresh.
  const added = await page.request.post(`/api/orders/${orderId}/items`, { data: { productId: 'kettle', quantity: 1 } });
  expect(added.ok()).toBe(true);
  const inFlight = await first;
  // The page knows it is behind, and says so, while it fetches the new version.
  await expect(page.getByRole('status').filter({ hasText: /version/ })).toHaveText(
    'Showing version 1 · version 2 is out, updating view…',
  );
  await context.setOffline(true);
  await inFlight.abort('internetdisconnected');
  await context.setOffline(false);
  // The page tries again (it is still behind): let that one through. Had the failed one loaded the page again, the
  // page's own retry would not come from this document.
  const retry = await nextRefresh();
  expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
  released = true;
  for (const held of [retry, ...refreshes]) await held.fallback();
  await showsVersion(page, 2);
  await expect(quantity).toHaveValue('4');
  await expect(page.getByRole('row', { name: /Gooseneck kettle/ })).toBeVisible();
});

test('a refresh whose answer is cut off midway shows the error page, whose "Try again" brings the page back up to date', async ({
  page,
  context,
}) => {
  const orderId = await openNewDraft(page, [{ productId: 'mug', quantity: 1 }]);
  await live(page);
  // From now on the page's refreshes get answers that stop halfway (a node dying mid-answer, a proxy cutting it).
  await page.route(
    (url) => url.pathname === `/orders/${orderId}`,
    async (route) => {
      if (!isRefresh(route.request())) return route.fallback();
      const response = await route.fetch();
      const body = await response.body();
      return route.fulfill({ response, body: body.subarray(0, Math.floor(body.length / 2)) });
    },
  );
  const added = await page.request.post(`/api/orders/${orderId}/items`, { data: { productId: 'kettle', quantity: 1 } });
  expect(added.ok()).toBe(true);
  const failed = page.getByRole('heading', { name: 'This page could not be shown just now' });
  await expect(failed).toBeVisible();
  // Offline, "Try again" says so and stays on the page (a router refresh would load the browser's offline page).
  await page.evaluate(() => {
    (window as { sameDocument?: boolean }).sameDocument = true;
  });
  await context.setOffline(true);
  const tryAgain = page.getByRole('button', { name: 'Try again' });
  await tryAgain.click();
  await expect(page.getByRole('alert', { name: 'This page could not be shown' })).toContainText(
    'You are offline: try again once your connection is back.',
  );
  expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
  await context.setOffline(false);
  // Online, it asks the server for the page again (re-rendering the cut-off answer would fail again).
  await tryAgain.click();
  await showsVersion(page, 2);
  await expect(failed).toHaveCount(0);
  await expect(page.getByRole('row', { name: /Gooseneck kettle/ })).toBeVisible();
});

test('a catalog page whose refresh failed catches up by itself: the new price shows without another change', async ({
  browser,
  baseURL,
  page,
}) => {
  const staff = await browser.newContext({ baseURL });
  await signIn(staff.request, STAFF);
  const id = `retry-${randomUUID().slice(0, 6)}`;
  const listed = await staff.request.post('/api/products', { data: { id, name: `Kettle ${id}`, priceCents: 1000 } });
  expect(listed.status()).toBe(201);
  await signUp(page.request);
  // The page's socket is connected once socket.io's CONNECT packet ("40…") arrives.
  const connected = page
    .waitForEvent('websocket')
    .then((ws) => ws.waitForEvent('framereceived', { predicate: (f) => String(f.payload).startsWith('40') }));
  await page.goto('/orders/new');
  const row = page.getByRole('row').filter({ hasText: `Kettle ${id}` });
  await expect(row).toContainText('$10.00');
  await connected;
  // The refresh that the next catalog change asks for fails; nothing else changes afterwards.
  let failed = 0;
  await page.route(
    (url) => url.pathname === '/orders/new',
    (route) => {
      if (failed > 0 || !isRefresh(route.request())) return route.fallback();
      failed++;
      return route.abort('connectionreset');
    },
  );
  const repriced = await staff.request.patch(`/api/products/${id}`, { data: { priceCents: 1234 } });
  expect(repriced.ok()).toBe(true);
  await expect.poll(() => failed).toBe(1);
  await expect(row).toContainText('$12.34');
  await staff.close();
});

test('adding a product while offline keeps the choice for the retry', async ({ page, context }) => {
  await signUp(page.request);
  const orderId = await apiOrder(page.request, [{ productId: 'mug', quantity: 1 }]);
  await page.goto(`/orders/${orderId}`);
  await showsVersion(page, 1);
  await live(page); // hydrated: the forms are the app's, not plain HTML posts
  await page.getByLabel('Product', { exact: true }).selectOption({ label: 'Gooseneck kettle ($59.00)' });
  await page.getByLabel('Quantity', { exact: true }).fill('2');
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const form = page.getByRole('form', { name: 'Add a product' });
  await expect(form.getByRole('alert')).toContainText('The server could not be reached');
  await expect(page.getByLabel('Product', { exact: true })).toHaveValue('kettle');
  await expect(page.getByLabel('Quantity', { exact: true })).toHaveValue('2');
  await context.setOffline(false);
  await form.getByRole('button', { name: 'Try again' }).click();
  await showsVersion(page, 2);
  await expect(total(page)).toHaveText('$136.00');
  // Cleared once added.
  await expect(page.getByLabel('Product', { exact: true })).toHaveValue('');
});

test('a new order sent while offline keeps its quantities, and "Try again" creates it once', async ({
  page,
  context,
}) => {
  await signUp(page.request);
  await page.goto('/orders/new');
  await page.getByLabel('Stoneware mug', { exact: true }).fill('2');
  // Hydrated (the running total is the app's): the form is the app's, not a plain HTML post.
  await expect(page.locator('form.card tfoot')).toContainText('$36.00');
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Create order' }).click();
  const alert = page.getByRole('main').getByRole('alert');
  await expect(alert).toContainText('The server could not be reached');
  await expect(page.getByLabel('Stoneware mug', { exact: true })).toHaveValue('2');
  await context.setOffline(false);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(total(page)).toHaveText('$36.00');
  const list = (await (await page.request.get('/api/orders')).json()) as unknown[];
  expect(list).toHaveLength(1);
});

test('a new order whose answer was lost opens by itself once the server says it was made: no second order', async ({
  page,
}) => {
  await signUp(page.request);
  await page.goto('/orders/new');
  await page.getByLabel('Stoneware mug', { exact: true }).fill('2');
  await expect(page.locator('form.card tfoot')).toContainText('$36.00'); // hydrated
  await loseNextAnswer(page, 'new');
  const create = page.getByRole('button', { name: 'Create order' });
  await create.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(total(page)).toHaveText('$36.00');
  const list = (await (await page.request.get('/api/orders')).json()) as unknown[];
  expect(list).toHaveLength(1);
});

test('a change whose answer was lost, then changed again, is sent as another command', async ({ page }) => {
  await signUp(page.request);
  const orderId = await apiOrder(page.request, [{ productId: 'mug', quantity: 1 }]);
  await page.goto(`/orders/${orderId}`);
  await showsVersion(page, 1);
  await live(page); // hydrated: the forms are the app's, not plain HTML posts
  // The next server action reaches the server, but its answer is lost on the way back; and the page cannot ask
  // whether it was saved (that fails too), so its notice stays.
  const checks = await failSavedChecks(page, orderId);
  await loseNextAnswer(page, orderId);
  const box = page.getByRole('spinbutton', { name: 'Quantity of Stoneware mug' });
  await box.fill('6');
  await box.press('Enter');
  const alert = page.getByRole('row', { name: 'About Stoneware mug' }).getByRole('alert');
  await expect(alert).toContainText('The server could not be reached');
  // Leaving now could drop a change nobody knows the fate of: the browser asks first (the user stays).
  const asked = page.waitForEvent('dialog');
  void page.close({ runBeforeUnload: true });
  const dialog = await asked;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.dismiss();
  // So does a link of the app (no unload there): staying keeps the page, its notice and what was typed.
  const confirmed = page.waitForEvent('dialog');
  void page.getByRole('link', { name: 'Back to my orders' }).click();
  const question = await confirmed;
  expect([question.type(), question.message()]).toEqual([
    'confirm',
    'Your last change may not have been saved. Leave this page anyway?',
  ]);
  await question.dismiss();
  await expect(page).toHaveURL(new RegExp(`/orders/${orderId}$`));
  await expect(alert).toContainText('The server could not be reached');
  // The 6 was written all the same: the view catches up with it (the push).
  await showsVersion(page, 2);
  await expect(alert).toContainText('The server could not be reached');
  await expect(box).toHaveValue('6');
  await box.fill('7');
  await box.press('Enter');
  // Another value is another command (never "commandId … already used for a different command").
  await showsVersion(page, 3);
  await expect(box).toHaveValue('7');
  await expect(total(page)).toHaveText('$126.00');
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
  checks.allow();
});

test('an addition whose answer was lost is found saved: its notice clears itself, and adding the same again adds again', async ({
  page,
}) => {
  const orderId = await openNewDraft(page, [{ productId: 'mug', quantity: 1 }]);
  await live(page);
  const checks = await failSavedChecks(page, orderId);
  await loseNextAnswer(page, orderId);
  const form = page.getByRole('form', { name: 'Add a product' });
  const add = async () => {
    await page.getByLabel('Product', { exact: true }).selectOption({ label: 'Gooseneck kettle ($59.00)' });
    await page.getByLabel('Quantity', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
  };
  await add();
  await expect(form.getByRole('alert')).toContainText('may not have been saved');
  expect(await wouldAskBeforeLeaving(page)).toBe(true);
  await form.getByRole('button', { name: 'Try again' }).focus(); // about to press it
  // The page asks the server again (those questions failed until now) whether its command was written: it was.
  checks.allow();
  await expect(form.getByRole('alert')).toHaveCount(0);
  // The focus was in the notice that went: it is back on the control the notice was about, not on the page.
  await expect(page.getByLabel('Product', { exact: true })).toBeFocused();
  await showsVersion(page, 2);
  await expect(total(page)).toHaveText('$77.00');
  expect(await wouldAskBeforeLeaving(page)).toBe(false); // nothing is left whose fate is unknown
  // The same form filled the same way is a new command now, not a retry.
  await add();
  await showsVersion(page, 3);
  await expect(total(page)).toHaveText('$136.00');
  const events = (await (await page.request.get(`/api/orders/${orderId}/events`)).json()) as unknown[];
  expect(events).toHaveLength(3);
});

test('a removal whose answer was lost still leaves the focus on the lines, not on the page', async ({ page }) => {
  const orderId = await openNewDraft(page, [
    { productId: 'mug', quantity: 1 },
    { productId: 'kettle', quantity: 1 },
  ]);
  await live(page);
  await loseNextAnswer(page, orderId);
  await page.getByRole('button', { name: 'Remove Gooseneck kettle' }).focus();
  await page.keyboard.press('Enter');
  // The removal was written all the same: the push brings the view without the line (and its notice).
  await showsVersion(page, 2);
  await expect(page.getByRole('cell', { name: 'Gooseneck kettle' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Lines', exact: true })).toBeFocused();
});

test('a change that never reached the server keeps what was typed, and its retry meets a newer change as a conflict', async ({
  page,
  context,
}) => {
  const orderId = await openNewDraft(page, [{ productId: 'mug', quantity: 2 }]);
  await live(page);
  // The next command of this tab never reaches the server.
  let dropped = false;
  await page.route(`**/orders/${orderId}`, async (route) => {
    const multipart = (route.request().headers()['content-type'] ?? '').startsWith('multipart/form-data');
    if (dropped || !multipart) return route.fallback();
    dropped = true;
    return route.abort('connectionreset');
  });
  const box = page.getByRole('spinbutton', { name: 'Quantity of Stoneware mug' });
  await box.fill('5');
  await box.press('Enter');
  const alert = page.getByRole('row', { name: 'About Stoneware mug' }).getByRole('alert');
  await expect(alert).toContainText('The server could not be reached');
  // Meanwhile the same user sets 7 in another tab: this tab shows version 2, and keeps the 5 it could not send.
  const other = await context.newPage();
  await other.goto(`/orders/${orderId}`);
  await showsVersion(other, 1);
  await live(other);
  const otherBox = other.getByRole('spinbutton', { name: 'Quantity of Stoneware mug' });
  await otherBox.fill('7');
  await otherBox.press('Enter');
  await showsVersion(page, 2);
  await expect(box).toHaveValue('5');
  // "Try again" sends the 5 as it was sent, on version 1: it meets the 7 and says so, instead of overwriting it.
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(alert).toContainText('You (in another tab or device) changed this order');
  // Dismissed from the keyboard, the notice gives the focus back to the line's quantity box.
  await alert.getByRole('button', { name: 'Dismiss' }).focus();
  await page.keyboard.press('Enter');
  await expect(alert).toHaveCount(0);
  await expect(box).toBeFocused();
  const events = (await (await page.request.get(`/api/orders/${orderId}/events?order=oldest`)).json()) as {
    type: string;
    data: { quantity?: number };
  }[];
  expect(events.map((e) => [e.type, e.data.quantity])).toEqual([
    ['OrderCreated', undefined],
    ['ItemQuantityChanged', 7],
  ]);
});
