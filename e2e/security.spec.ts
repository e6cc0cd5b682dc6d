// What a hostile page or a crafted link can make a signed-in browser do: nothing outside the app.
import { expect, test } from '@playwright/test';
import { apiOrder, PASSWORD, signUp } from './helpers';

test.describe('sign-in redirects go only to this app', () => {
  for (const next of ['/\\evil.example/x', '/\tevil.example/x', '/\\\tevil.example', '//evil.example', '/\nx']) {
    test(`next=${JSON.stringify(next)} lands on /orders`, async ({ page, baseURL }) => {
      const username = await signUp(page.request);
      await page.context().clearCookies();
      await page.goto(`/login?next=${encodeURIComponent(next)}`);
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page).toHaveURL(`${baseURL}/orders`);
      await expect(page.getByRole('heading', { name: 'My orders' })).toBeVisible();
    });
  }

  test('a path of the app is kept, with its query', async ({ page, baseURL }) => {
    const username = await signUp(page.request);
    const orderId = await apiOrder(page.request, [{ productId: 'mug', quantity: 1 }]);
    await page.context().clearCookies();
    await page.goto(`/login?next=${encodeURIComponent(`/orders/${orderId}?at=1`)}`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(`${baseURL}/orders/${orderId}?at=1`);
  });
});

test('another site cannot frame an order page (its Cancel button never shows there)', async ({ page, baseURL }) => {
  await signUp(page.request);
  const orderId = await apiOrder(page.request, [{ productId: 'mug', quantity: 1 }]);
  // The framing page is served by the test itself from another origin (an about:blank document in this browser).
  // setContent waits for the load event, which waits for the frame: the barrier after which it has its answer.
  await page.setContent(`<iframe id="victim" src="${baseURL}/orders/${orderId}" width="800" height="600"></iframe>`, {
    waitUntil: 'load',
  });
  const frame = page.frames().find((f) => f !== page.mainFrame())!;
  expect(frame.url()).not.toBe(`${baseURL}/orders/${orderId}`);
  await expect(page.frameLocator('#victim').getByRole('button', { name: 'Cancel order' })).toHaveCount(0);
  // The same page opened directly does show the button: the frame was refused, not the page broken.
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByRole('button', { name: 'Cancel order' })).toBeVisible();
});

test('user text cannot reorder the text around it: overrides are refused, right-to-left text is isolated', async ({
  page,
}) => {
  await signUp(page.request);
  const orderId = await apiOrder(page.request, [{ productId: 'mug', quantity: 1 }]);
  const override = await page.request.post(`/api/orders/${orderId}/cancel`, {
    data: { reason: '\u202Eredro siht deneppah reven' },
  });
  expect(override.status()).toBe(422);
  expect(await override.json()).toMatchObject({ code: 'ReasonNotPlain' });
  // Right-to-left words need no control character, and still reorder the neutral text next to them unless isolated.
  const reason = 'לא צריך יותר 2';
  expect((await page.request.post(`/api/orders/${orderId}/cancel`, { data: { reason } })).status()).toBe(200);
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId('cancel-reason')).toHaveText(reason);
  // Everywhere the reason shows (header, timeline), it sits inside an isolating element.
  const places = await page.evaluate((text) => {
    const found: { isolated: boolean }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent?.includes(text) || n.parentElement?.closest('script, style, template')) continue;
      let isolated = false;
      for (let el = n.parentElement; el && !isolated; el = el.parentElement) {
        isolated = el.tagName === 'BDI' || /isolate/.test(getComputedStyle(el).unicodeBidi);
      }
      found.push({ isolated });
    }
    return found;
  }, reason);
  expect(places.length).toBeGreaterThanOrEqual(1);
  expect(places.every((p) => p.isolated)).toBe(true);
});
