import { expect, test } from '@playwright/test';
import { type Cluster, startCluster } from '../lib/testing/cluster';
import { PASSWORD, showsVersion, total, uniqueName } from './helpers';

// Three nodes over one Redis behind nginx, started for this story (the production build, its own namespace).
let cluster: Cluster;
const METRICS_TOKEN = `cluster-metrics-${uniqueName('t')}`;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  cluster = await startCluster({ nodes: 3, env: { METRICS_TOKEN } });
});
test.afterAll(async () => {
  await cluster?.stop();
});

test("a shopper's two browser tabs on different nodes see each other's changes live; signing out in one ends the other's live session", async ({
  browser,
}) => {
  const [one, two] = cluster.nodes;
  // One browser: its cookie for localhost is sent to every node (cookies ignore the port).
  const context = await browser.newContext();
  const username = uniqueName('multi');
  expect(
    (await context.request.post(`${one!.url}/api/users`, { data: { username, password: PASSWORD } })).status(),
  ).toBe(201);
  expect(
    (await context.request.post(`${two!.url}/api/session`, { data: { username, password: PASSWORD } })).status(),
  ).toBe(204);
  const created = await context.request.post(`${cluster.url}/api/orders?consistency=strong`, {
    data: { items: [{ productId: 'mug', quantity: 1 }] },
  });
  const orderId = ((await created.json()) as { id: string }).id;

  const onOne = await context.newPage();
  const onTwo = await context.newPage();
  await onOne.goto(`${one!.url}/orders/${orderId}`);
  await onTwo.goto(`${two!.url}/orders/${orderId}`);
  await showsVersion(onOne, 1);
  await showsVersion(onTwo, 1);
  await expect(onTwo.getByRole('status').filter({ hasText: /version/ })).toContainText('live');

  await onOne.getByLabel('Product', { exact: true }).selectOption({ label: 'Gooseneck kettle ($59.00)' });
  await onOne.getByRole('button', { name: 'Add', exact: true }).click();
  await showsVersion(onTwo, 2); // pushed from node one's change to node two's page
  await expect(total(onTwo)).toHaveText('$77.00');

  await onTwo.getByRole('spinbutton', { name: 'Quantity of Stoneware mug' }).fill('3');
  await onTwo
    .getByRole('form', { name: 'Change the quantity of Stoneware mug' })
    .getByRole('button', { name: 'Update' })
    .click();
  await showsVersion(onOne, 3);
  await expect(total(onOne)).toHaveText('$113.00');

  // Through nginx too.
  const viaNginx = await context.newPage();
  await viaNginx.goto(`${cluster.url}/orders/${orderId}`);
  await showsVersion(viaNginx, 3);

  await onOne.getByRole('button', { name: 'Sign out' }).click();
  await expect(onOne).toHaveURL(/\/$/);
  // Each other tab says its session ended: on the page it shows, or, when it was refetching right then, by landing on
  // the sign-in page (which leads back to the order).
  for (const tab of [onTwo, viaNginx]) {
    await expect
      .poll(async () =>
        tab.url().includes('/login?')
          ? 'sign-in page'
          : ((await tab
              .getByRole('status')
              .filter({ hasText: /version/ })
              .textContent({ timeout: 500 })
              .catch(() => '')) ?? ''),
      )
      .toMatch(/your session has ended|sign-in page/);
  }
  await context.close();
});

test("staff's system page lists every node of the cluster, and each node's metrics carry its own node id", async ({
  browser,
}) => {
  const [one, two] = cluster.nodes;
  const context = await browser.newContext();
  // staff-sam is a staff username of the test servers (STAFF_USERS).
  const staff = { username: 'staff-sam', password: PASSWORD };
  const signup = await context.request.post(`${one!.url}/api/users`, { data: staff });
  expect([201, 409]).toContain(signup.status());
  expect((await context.request.post(`${two!.url}/api/session`, { data: staff })).status()).toBe(204);
  const page = await context.newPage();
  await page.goto(`${two!.url}/admin/system`);
  const rows = page.getByRole('region', { name: 'Nodes' }).getByTestId('node-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: "(this page's)" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "(this page's)" })).toContainText(`:${two!.port}`);

  const ids = new Set<string>();
  for (const node of cluster.nodes) {
    const r = await context.request.get(`${node.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(r.status()).toBe(200);
    const nodes = new Set([...(await r.text()).matchAll(/node="([^"]+)"/g)].map((m) => m[1]));
    expect(nodes.size, 'one node id per node').toBe(1);
    ids.add([...nodes][0]!);
  }
  expect(ids.size).toBe(3);
  await context.close();
});
