// Forged requests and framing, against the real server (production build).
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppServer, Client, startAppServer } from '../testing/app-server';

let app: AppServer;
let shopper: Client;
beforeAll(async () => {
  app = await startAppServer({ ALLOWED_ORIGINS: 'https://front.example' });
  shopper = await new Client(app.url).signUpAndIn(`sec-${randomUUID().slice(0, 6)}`);
}, 90_000);
afterAll(() => app.stop());

const orderBody = JSON.stringify({ items: [{ productId: 'mug', quantity: 1 }] });

describe('forged requests', () => {
  it('a text/plain body (a no-cors fetch, a form) is refused with 415 on every state-changing route, and writes nothing', async () => {
    const created = await shopper.call('POST', '/api/orders', { items: [{ productId: 'mug', quantity: 1 }] });
    const id = (created.json as unknown as { id: string }).id;
    const before = (await shopper.call('GET', `/api/orders/${id}/events`)).json as unknown[];
    for (const [method, path] of [
      ['POST', '/api/orders'],
      ['POST', `/api/orders/${id}/items`],
      ['PATCH', `/api/orders/${id}/items/mug`],
      ['DELETE', `/api/orders/${id}/items/mug`],
      ['POST', `/api/orders/${id}/submit`],
      ['POST', `/api/orders/${id}/cancel`],
      ['POST', '/api/session'],
      ['POST', '/api/users'],
      ['POST', '/api/products'],
    ]) {
      const r = await shopper.call(method!, path!, orderBody, { 'content-type': 'text/plain' });
      expect(r.status, `${method} ${path}`).toBe(415);
    }
    expect((await shopper.call('GET', `/api/orders/${id}/events`)).json).toEqual(before);
  });

  it('a foreign origin is refused with 403 (another port of the same host too); the own and allowed ones are not', async () => {
    const own = new URL(app.url).origin;
    const evil = await shopper.call('POST', '/api/orders', orderBody, { origin: 'http://evil.example' });
    expect(evil).toMatchObject({ status: 403 });
    const samesite = await shopper.call('POST', '/api/orders', orderBody, { origin: 'http://localhost:1' });
    expect(samesite.status).toBe(403);
    const noOrigin = await shopper.call('POST', '/api/orders', orderBody, { 'sec-fetch-site': 'cross-site' });
    expect(noOrigin.status).toBe(403);
    expect((await shopper.call('POST', '/api/orders', orderBody, { origin: own })).status).toBe(201);
    expect((await shopper.call('POST', '/api/orders', orderBody, { origin: 'https://front.example' })).status).toBe(
      201,
    );
    // Signing someone in (login CSRF) or out from another site is refused the same way.
    const login = await new Client(app.url).call(
      'POST',
      '/api/session',
      { username: 'someone', password: 'correct horse battery' },
      { origin: 'http://evil.example' },
    );
    expect(login.status).toBe(403);
    expect((await shopper.call('DELETE', '/api/session', undefined, { origin: 'http://evil.example' })).status).toBe(
      403,
    );
    expect((await shopper.call('GET', '/api/orders')).status).toBe(200); // still signed in
  });
});

describe('server actions posted from another origin', () => {
  const post = (headers: Record<string, string>, body = 'x') =>
    fetch(`${app.url}/orders/new`, {
      method: 'POST',
      headers: { cookie: shopper.cookie!, ...headers },
      body,
      redirect: 'manual',
    });
  it('are refused with 403 and a message (Next itself answered 500), with or without JavaScript', async () => {
    for (const headers of <Record<string, string>[]>[
      { 'next-action': '00aa', 'content-type': 'text/plain;charset=UTF-8', origin: 'http://evil.example' },
      { 'content-type': 'multipart/form-data; boundary=b', origin: 'http://evil.example' },
      { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(app.url).origin.replace(/:\d+$/, ':1') },
      { 'next-action': '00aa', origin: 'null' },
      { 'next-action': '00aa', origin: 'not a url' },
    ]) {
      const r = await post(headers);
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect(((await r.json()) as { error: string }).error).toMatch(/may not change anything here|not a URL/);
    }
  });
  it('from the own origin reach Next (an unknown action is its to answer)', async () => {
    const r = await post({
      'next-action': '00aa',
      'content-type': 'text/plain;charset=UTF-8',
      origin: new URL(app.url).origin,
    });
    expect(r.status).not.toBe(403);
    expect(r.status).toBeLessThan(500);
  });
});

describe('live sockets', () => {
  const open = (origin?: string) => {
    const socket = io(app.url, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie: shopper.cookie!, ...(origin ? { origin } : {}) },
    });
    return new Promise<string>((resolve) => {
      socket.once('connect', () => {
        socket.disconnect();
        resolve('connected');
      });
      socket.once('connect_error', () => resolve('refused'));
    });
  };

  it("refuse a page of another origin (another port of this host too), even with the user's cookie", async () => {
    expect(await open('http://evil.example')).toBe('refused');
    expect(await open('http://localhost:1')).toBe('refused');
    expect(await open(new URL(app.url).origin)).toBe('connected');
    expect(await open('https://front.example')).toBe('connected'); // ALLOWED_ORIGINS
    expect(await open()).toBe('connected'); // not a browser: the cookie decides
  });
});

describe('every response', () => {
  it('carries the security headers: a nonce CSP that nothing may frame, nosniff, a referrer policy', async () => {
    for (const path of ['/', '/login', '/api/health', '/socket.io/?EIO=4&transport=polling']) {
      const r = await fetch(`${app.url}${path}`);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(r.headers.get('strict-transport-security')).toBeNull(); // plain HTTP, no trusted proxy
    }
    const page = await fetch(`${app.url}/login`);
    const nonce = /'nonce-([^']+)'/.exec(page.headers.get('content-security-policy')!)![1]!;
    const html = await page.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((s) => !s.includes(`nonce="${nonce}"`))).toEqual([]);
    const other = await fetch(`${app.url}/login`);
    expect(other.headers.get('content-security-policy')).not.toContain(nonce); // fresh for every response
  });
});
