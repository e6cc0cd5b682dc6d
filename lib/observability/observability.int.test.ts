// Metrics and logs of the real app server: /metrics only for the bearer of METRICS_TOKEN; the families move when
// commands run (by command type and outcome, events by type, HTTP by route pattern and status), every series names
// the node, no label carries an order id or a user name; one JSON log line per request naming its user, command and
// correlation id; refused sign-ins logged without the password.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppServer, Client, startAppServer } from '../testing/app-server';

const TOKEN = `metrics-${randomUUID()}`;
const NODE = 'node-under-test';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus's text format as samples (comments skipped). */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

/** The sum of the samples called `name` whose labels include `labels`. */
const sum = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((a, s) => a + s.value, 0);

describe('metrics and logs', () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startAppServer({ METRICS_TOKEN: TOKEN, NODE_ID: NODE, LOG_LEVEL: 'debug' }, { captureLogs: true });
  }, 90_000);
  afterAll(() => app?.stop());

  const scrape = async () => {
    const r = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parse(await r.text());
  };
  const jsonLines = () =>
    app.logs.flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });

  it('answer /metrics only to the bearer of METRICS_TOKEN: anyone else gets a 404', async () => {
    const status = async (headers: Record<string, string>, method = 'GET') =>
      (await fetch(`${app.url}/metrics`, { method, headers })).status;
    expect(await status({})).toBe(404);
    expect(await status({ authorization: 'Bearer wrong-token-of-some-length' })).toBe(404);
    expect(await status({ authorization: `Bearer ${TOKEN}x` })).toBe(404);
    expect(await status({ authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` })).toBe(404);
    expect(await status({ authorization: `Bearer ${TOKEN}` }, 'POST')).toBe(404);
    // A signed-in user is no one special here.
    const user = await new Client(app.url).signUpAndIn(`viewer-${randomUUID().slice(0, 8)}`);
    expect(await status({ cookie: user.cookie! })).toBe(404);
    expect(await status({ authorization: `Bearer ${TOKEN}` })).toBe(200);
  });

  it('move with commands: by type and outcome, events by type, requests by route pattern; bounded labels', async () => {
    const before = await scrape();
    const username = `metrics-${randomUUID().slice(0, 8)}`;
    const c = await new Client(app.url).signUpAndIn(username);
    const created = await c.call('POST', '/api/orders', { items: [{ productId: 'mug', quantity: 1 }] });
    expect(created.status).toBe(201);
    const orderId = (created.json as unknown as { id: string }).id;
    // invalid (refused at the edge), rule (the decider), conflict (a stale version), not_found (another's order)
    expect((await c.call('POST', `/api/orders/${orderId}/items`, { productId: 'mug', quantity: 'x' })).status).toBe(
      400,
    );
    expect((await c.call('POST', `/api/orders/${orderId}/items`, { productId: 'mug', quantity: 999 })).status).toBe(
      422,
    );
    expect((await c.call('POST', `/api/orders/${orderId}/items`, { productId: 'chai', quantity: 1 })).status).toBe(200);
    const stale = await c.call('PATCH', `/api/orders/${orderId}/items/mug`, { quantity: 2 }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect((await c.call('POST', `/api/orders/${randomUUID()}/submit`, {})).status).toBe(404);
    const refused = await new Client(app.url).call('POST', '/api/session', { username, password: 'not-the-password' });
    expect(refused.status).toBe(401);

    // The projector's work and its pushes come after the answers: wait for them.
    let after = await scrape();
    const deadline = Date.now() + 15_000;
    while (
      sum(after, 'orderly_socket_pushes_total', { event: 'order:updated' }) <
        sum(before, 'orderly_socket_pushes_total', { event: 'order:updated' }) + 2 ||
      sum(after, 'orderly_projection_behind_events') > 0 ||
      sum(after, 'orderly_process_running', { process: 'reservations' }) !== 1
    ) {
      if (Date.now() > deadline)
        throw new Error('the projector did not catch up, or no node ran the reservations process, within 15 s');
      await new Promise((r) => setTimeout(r, 100));
      after = await scrape();
    }
    const moved = (name: string, labels: Record<string, string> = {}) =>
      sum(after, name, labels) - sum(before, name, labels);
    const commands = 'orderly_command_duration_seconds_count';
    expect(moved(commands, { command: 'CreateOrder', outcome: 'ok' })).toBe(1);
    expect(moved(commands, { command: 'AddItem', outcome: 'invalid' })).toBe(1);
    expect(moved(commands, { command: 'AddItem', outcome: 'rule' })).toBe(1);
    expect(moved(commands, { command: 'AddItem', outcome: 'ok' })).toBe(1);
    expect(moved(commands, { command: 'ChangeQuantity', outcome: 'conflict' })).toBe(1);
    expect(moved(commands, { command: 'SubmitOrder', outcome: 'not_found' })).toBe(1);
    expect(moved('orderly_events_appended_total', { type: 'OrderCreated' })).toBe(1);
    expect(moved('orderly_events_appended_total', { type: 'ItemAdded' })).toBe(1);
    expect(moved('orderly_event_store_append_duration_seconds_count')).toBe(2);
    expect(moved('orderly_projector_batch_events_count')).toBeGreaterThanOrEqual(1);
    expect(moved('orderly_projector_batch_events_sum')).toBeGreaterThanOrEqual(2);
    expect(moved('orderly_sign_ins_refused_total', { reason: 'wrong' })).toBe(1);
    const http = 'orderly_http_request_duration_seconds_count';
    expect(moved(http, { method: 'POST', route: '/api/orders/[id]/items', status: '400' })).toBe(1);
    expect(moved(http, { method: 'POST', route: '/api/orders/[id]/items', status: '422' })).toBe(1);
    expect(moved(http, { method: 'PATCH', route: '/api/orders/[id]/items/[productId]', status: '412' })).toBe(1);
    expect(moved(http, { method: 'POST', route: '/api/orders', status: '201' })).toBe(1);

    // The reservations process runs here (it holds the lease) and says how far behind the log it is.
    expect(after.some((s) => s.name === 'orderly_process_behind_events' && s.labels.process === 'reservations')).toBe(
      true,
    );
    // Lag per projection, sockets, rebuilds, errors and Node's own figures are there too.
    for (const projection of ['orders', 'activity', 'catalog']) {
      expect(
        after.some((s) => s.name === 'orderly_projection_behind_events' && s.labels.projection === projection),
      ).toBe(true);
      expect(sum(after, 'orderly_projection_oldest_unapplied_age_seconds', { projection })).toBe(0);
    }
    for (const family of [
      'orderly_sockets_connected',
      'orderly_rebuild_progress_ratio',
      'orderly_build_info',
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
      'process_resident_memory_bytes',
    ]) {
      expect(
        after.some((s) => s.name === family),
        family,
      ).toBe(true);
    }
    // Every series names the node; no label value is an order id, a user id or a user name.
    expect(after.filter((s) => s.labels.node !== NODE)).toEqual([]);
    const values = after.flatMap((s) => Object.values(s.labels));
    expect(
      values.filter((v) => v.includes(orderId) || v.includes(username) || /[0-9a-f]{8}-[0-9a-f]{4}-/.test(v)),
    ).toEqual([]);
    expect(new Set(after.map((s) => s.labels.route).filter(Boolean)).size).toBeLessThan(60);

    // One log line per request: method, route, status, duration, request id, user, command, correlation id.
    const [first] = (await c.call('GET', `/api/orders/${orderId}/events?order=oldest`)).json as unknown as {
      metadata: { correlationId: string };
    }[];
    const line = jsonLines().find((l) => l.route === '/api/orders' && l.method === 'POST' && l.user === username);
    expect(line).toMatchObject({
      msg: 'POST /api/orders 201',
      status: 201,
      requestId: created.headers.get('x-request-id'),
      command: 'CreateOrder',
      outcome: 'ok',
      correlationId: first!.metadata.correlationId,
      node: NODE,
    });
    expect(typeof line!.ms).toBe('number');
    // Every line a command writes names its correlation id (the handler's own line here, at debug).
    const commandLines = jsonLines().filter((l) => l.msg === 'command handled');
    expect(commandLines.length).toBeGreaterThanOrEqual(5);
    expect(commandLines.filter((l) => typeof l.correlationId !== 'string' || typeof l.requestId !== 'string')).toEqual(
      [],
    );
    // A refused sign-in: who and from where, never the password.
    const refusal = jsonLines().find((l) => l.msg === 'sign-in refused' && l.username === username);
    expect(refusal).toMatchObject({ reason: 'wrong', address: expect.any(String) });
    expect(app.logs.filter((l) => l.includes('not-the-password'))).toEqual([]);
  });

  it("keep the caller's request id, and answer it", async () => {
    const r = await fetch(`${app.url}/api/health`, { headers: { 'x-request-id': 'probe-42' } });
    expect(r.headers.get('x-request-id')).toBe('probe-42');
    const weird = await fetch(`${app.url}/api/health`, { headers: { 'x-request-id': 'no spaces allowed' } });
    expect(weird.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await expect
      .poll(() => jsonLines().some((l) => l.requestId === 'probe-42' && l.route === '/api/health'))
      .toBe(true);
  });
});

describe('metrics without METRICS_TOKEN', () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startAppServer();
  }, 90_000);
  afterAll(() => app?.stop());

  it('are not served to anyone', async () => {
    for (const authorization of ['', 'Bearer ', 'Bearer undefined', 'Bearer null-and-other-things']) {
      expect((await fetch(`${app.url}/metrics`, { headers: { authorization } })).status).toBe(404);
    }
  });
});
