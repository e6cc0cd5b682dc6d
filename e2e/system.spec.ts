import { expect, test } from '@playwright/test';
import { STAFF } from '../playwright.config';
import { apiOrder, signIn, signUp } from './helpers';

test("staff's system page shows this node, its projections, the store, and the last hour's events, live", async ({
  browser,
  baseURL,
}) => {
  const staff = await browser.newContext({ baseURL });
  await signIn(staff.request, STAFF);
  const page = await staff.newPage();
  await page.goto('/orders');
  await page.getByRole('link', { name: 'System' }).click();
  await expect(page).toHaveTitle('System · Orderly');

  const nodes = page.getByRole('region', { name: 'Nodes' });
  await expect(nodes.getByTestId('node-row')).toHaveCount(1);
  await expect(nodes.getByTestId('node-row')).toContainText("(this page's)");
  await expect(nodes.getByTestId('node-row')).toContainText('in this process');
  const projections = page.getByRole('region', { name: 'Projections on each node' });
  await expect(projections.getByRole('cell', { name: 'activity', exact: true })).toBeVisible();
  // The reservations process runs in this node (one instance across all, by its lease).
  await expect(page.getByTestId('process-reservations')).toContainText('run by');
  // The store of record says how it keeps events (the test Redis runs without persistence).
  await expect(page.getByTestId('persistence')).toHaveText(/none: a restart of Redis loses every event|AOF|RDB/);

  // An order made now appears in the chart without a reload: the page follows the node's reports over the socket.
  const chart = page.getByRole('region', { name: 'Order events per minute, last hour' });
  const before = await chart
    .getByRole('img')
    .getAttribute('aria-label')
    .catch(() => null);
  const countOf = (label: string | null) => Number(/: (\d+) in all/.exec(label ?? '')?.[1] ?? 0);
  const customer = await browser.newContext({ baseURL });
  await signUp(customer.request);
  await apiOrder(customer.request, [{ productId: 'mug', quantity: 1 }]);
  await expect
    .poll(async () => countOf(await chart.getByRole('img').getAttribute('aria-label')), { timeout: 20_000 })
    .toBeGreaterThan(countOf(before));
  await expect(chart.getByRole('list', { name: 'Event types' })).toContainText('Created');
  await customer.close();
  await staff.close();
});
