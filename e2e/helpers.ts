import { randomUUID } from 'node:crypto';
import { type APIRequestContext, expect, type Page, type Request } from '@playwright/test';

export const PASSWORD = 'correct horse battery';
export const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Signs up and in through the API; the page's context gets the session cookie. */
export async function signUp(request: APIRequestContext, username = uniqueName('shopper')) {
  expect((await request.post('/api/users', { data: { username, password: PASSWORD } })).status()).toBe(201);
  expect((await request.post('/api/session', { data: { username, password: PASSWORD } })).status()).toBe(204);
  return username;
}

export async function signIn(request: APIRequestContext, username: string) {
  const r = await request.post('/api/session', { data: { username, password: PASSWORD } });
  if (r.status() === 401) await signUp(request, username);
}

/** Creates an order through the API and waits until the read model shows it. */
export async function apiOrder(request: APIRequestContext, items: { productId: string; quantity: number }[]) {
  const r = await request.post('/api/orders?consistency=strong', { data: { items } });
  expect(r.status()).toBe(201);
  return ((await r.json()) as { id: string }).id;
}

/** Signs up a new shopper, creates a draft with these items through the API, opens its page at version 1. */
export async function openNewDraft(page: Page, items: { productId: string; quantity: number }[]) {
  await signUp(page.request);
  const orderId = await apiOrder(page.request, items);
  await page.goto(`/orders/${orderId}`);
  await showsVersion(page, 1);
  return orderId;
}

/** Waits for the order page to show this version of the read model. */
export async function showsVersion(page: Page, version: number) {
  await expect(page.getByRole('status').filter({ hasText: /version/ })).toHaveText(
    new RegExp(`^Showing version ${version}\\b`),
  );
}

export const total = (page: Page) => page.getByTestId('order-total');
export const timeline = (page: Page) => page.getByRole('list', { name: 'Events' }).getByRole('listitem');

/**
 * Whether a request is a page's refresh: the server action refreshView, which takes no arguments (its body is the
 * empty list), unlike the commands (a form) and the "was my command saved?" questions (a command id).
 */
export const isRefresh = (request: Request) =>
  request.method() === 'POST' && request.headers()['next-action'] !== undefined && request.postData() === '[]';

/**
 * Until `allow()`, the page's "was my command saved?" questions (server actions posted without a form, after a lost
 * answer) get no answer either: the page knows only that the answer was lost. Call before loseNextAnswer. (Failed,
 * not held: Next runs a page's server actions one at a time, and a held one would hold the commands behind it.)
 */
export async function failSavedChecks(page: Page, orderId: string): Promise<{ allow(): void }> {
  let allowed = false;
  await page.route(`**/orders/${orderId}`, async (route) => {
    const request = route.request();
    const isForm = (request.headers()['content-type'] ?? '').startsWith('multipart/form-data');
    if (request.method() === 'POST' && !isForm && !isRefresh(request) && !allowed) {
      return route.abort('connectionreset');
    }
    return route.fallback();
  });
  return {
    allow: () => {
      allowed = true;
    },
  };
}

/**
 * The next command or question posted to the order's page (not a refresh) reaches the server, but its answer is lost
 * on the way back.
 */
export async function loseNextAnswer(page: Page, orderId: string) {
  let lost = false;
  await page.route(`**/orders/${orderId}`, async (route) => {
    if (lost || route.request().method() !== 'POST' || isRefresh(route.request())) return route.fallback();
    lost = true;
    await route.fetch();
    return route.abort('connectionreset');
  });
}
