import { describe, expect, it } from 'vitest';
import { isHttps } from './http';
import { checkStateChange, foreignServerAction, safeNextPath } from './security';

describe('where to go after signing in', () => {
  it.each([
    ['/orders/123?v=2#top', '/orders/123?v=2#top'],
    ['/admin/events', '/admin/events'],
  ])('%s stays', (next, expected) => expect(safeNextPath(next)).toBe(expected));
  it.each([
    '/\\evil.example/x',
    '/\t/evil.example',
    '//evil.example',
    '/\\/evil.example',
    'https://evil.example',
    'evil.example',
    '/\n/evil.example',
    'javascript:alert(1)',
    '',
  ])('%j goes to /orders', (next) => expect(safeNextPath(next)).toBe('/orders'));
  it.each(['/orders\n/x', '/\tevil.example/x', '/orders/\u007f'])('%j (a control character) goes to /orders', (next) =>
    expect(safeNextPath(next)).toBe('/orders'),
  );
});

describe('a state-changing request', () => {
  const policy = { allowedOrigins: new Set(['https://front.example']), trustProxy: false };
  const req = (method: string, headers: Record<string, string>) =>
    new Request('http://localhost:3000/api/orders', { method, headers });
  const refused = (r: Request) => {
    try {
      checkStateChange(r, policy);
      return null;
    } catch (e) {
      return (e as { status: number }).status;
    }
  };
  it('is refused as 415 unless its body is JSON', () => {
    expect(refused(req('POST', { 'content-type': 'text/plain', 'content-length': '10' }))).toBe(415);
    expect(refused(req('POST', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '3' }))).toBe(
      415,
    );
    expect(
      refused(req('POST', { 'content-type': 'application/json; charset=utf-8', 'content-length': '2' })),
    ).toBeNull();
    expect(refused(req('POST', {}))).toBeNull(); // no body: nothing to take as anything
  });
  it('is refused as 403 from a foreign origin, or from another site without one', () => {
    const json = { 'content-type': 'application/json', 'content-length': '2', host: 'localhost:3000' };
    expect(refused(req('POST', { ...json, origin: 'http://localhost:3001' }))).toBe(403);
    expect(refused(req('DELETE', { ...json, origin: 'http://evil.example' }))).toBe(403);
    expect(refused(req('POST', { ...json, 'sec-fetch-site': 'cross-site' }))).toBe(403);
    expect(refused(req('POST', { ...json, origin: 'http://localhost:3000' }))).toBeNull();
    expect(refused(req('POST', { ...json, origin: 'https://front.example' }))).toBeNull();
    expect(refused(req('POST', json))).toBeNull(); // a script, not a browser
    expect(refused(req('GET', { origin: 'http://evil.example' }))).toBeNull();
  });
});

describe('HTTPS behind a trusted proxy', () => {
  it('is read from X-Forwarded-Proto in any letter case, and only when the proxy is trusted', () => {
    const proto = (v: string) => new Headers({ 'x-forwarded-proto': v });
    expect(isHttps(proto('HTTPS'), null, true)).toBe(true);
    expect(isHttps(proto('https, http'), null, true)).toBe(true);
    expect(isHttps(proto('https'), null, false)).toBe(false);
    expect(isHttps(proto('http'), 'https://shop.example/x', true)).toBe(false);
  });
});

describe('a server action from another origin', () => {
  const own = { host: 'localhost:3000', 'next-action': 'abc' };
  it('is refused when its Origin names another host than the request (Host, or X-Forwarded-Host first)', () => {
    expect(foreignServerAction('POST', '/orders/1', { ...own, origin: 'http://evil.example' })).toMatch(
      /evil\.example/,
    );
    expect(foreignServerAction('POST', '/orders/1', { ...own, origin: 'http://localhost:3001' })).not.toBeNull();
    expect(foreignServerAction('POST', '/orders/1', { ...own, origin: 'null' })).not.toBeNull();
    expect(foreignServerAction('POST', '/', { ...own, origin: 'not a url' })).toBe('the Origin header is not a URL');
    expect(
      foreignServerAction('POST', '/', { ...own, origin: 'https://shop.example', 'x-forwarded-host': 'proxy, x' }),
    ).not.toBeNull();
    // A form without JavaScript: no Next-Action header, but a form body.
    const form = { host: 'localhost:3000', 'content-type': 'multipart/form-data; boundary=x' };
    expect(foreignServerAction('POST', '/orders/new', { ...form, origin: 'http://evil.example' })).not.toBeNull();
    const urlencoded = { host: 'localhost:3000', 'content-type': 'application/x-www-form-urlencoded' };
    expect(foreignServerAction('POST', '/orders/new', { ...urlencoded, origin: 'http://evil.example' })).not.toBeNull();
  });
  it('passes what Next itself lets through: its own host, no Origin, not a form, not a POST, the API', () => {
    expect(foreignServerAction('POST', '/orders/1', { ...own, origin: 'http://localhost:3000' })).toBeNull();
    expect(foreignServerAction('POST', '/orders/1', { ...own, origin: 'https://localhost:3000' })).toBeNull();
    expect(
      foreignServerAction('POST', '/', {
        ...own,
        origin: 'https://shop.example',
        'x-forwarded-host': 'shop.example, x',
      }),
    ).toBeNull();
    expect(foreignServerAction('POST', '/orders/1', own)).toBeNull();
    expect(foreignServerAction('POST', '/orders/1', { ...own, origin: 'file:///x' })).toBeNull();
    expect(
      foreignServerAction('POST', '/orders/1', { host: 'localhost:3000', origin: 'http://evil.example' }),
    ).toBeNull();
    expect(foreignServerAction('GET', '/orders/1', { ...own, origin: 'http://evil.example' })).toBeNull();
    expect(foreignServerAction('POST', '/api/orders', { ...own, origin: 'http://evil.example' })).toBeNull();
  });
});
