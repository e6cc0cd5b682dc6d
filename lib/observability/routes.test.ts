import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appRoutes, routeMatcher } from './routes';

describe('route patterns', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orderly-routes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (path: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), '');
  };

  it('given the app directory, when it is read, then each page and route handler has its pattern', () => {
    for (const f of [
      'page.tsx',
      'favicon.ico',
      'orders/page.tsx',
      'orders/new/page.tsx',
      'orders/[id]/page.tsx',
      'orders/[id]/forms.tsx',
      'api/orders/[id]/items/[productId]/route.ts',
      'api/orders/export.csv/route.ts',
      '(shop)/cart/page.tsx',
      '_components/Thing.tsx',
      'docs/[...slug]/page.tsx',
    ]) {
      file(f);
    }
    expect(appRoutes(dir).sort()).toEqual(
      [
        '/',
        '/favicon.ico',
        '/orders',
        '/orders/new',
        '/orders/[id]',
        '/api/orders/[id]/items/[productId]',
        '/api/orders/export.csv',
        '/cart',
        '/docs/[...slug]',
      ].sort(),
    );
  });

  it('given paths, when matched, then static segments win over parameters and the rest is bounded', () => {
    const match = routeMatcher(appRoutes(dir));
    expect(match('/')).toBe('/');
    expect(match('/orders/new')).toBe('/orders/new');
    expect(match('/orders/9324e700-1b2c-4d5e-8f90-123456789abc')).toBe('/orders/[id]');
    expect(match('/orders/x/')).toBe('/orders/[id]');
    expect(match('/api/orders/abc/items/mug')).toBe('/api/orders/[id]/items/[productId]');
    expect(match('/api/orders/export.csv')).toBe('/api/orders/export.csv');
    expect(match('/api/orders/exportXcsv')).toBe('unmatched');
    expect(match('/docs/a/b/c')).toBe('/docs/[...slug]');
    expect(match('/docs')).toBe('unmatched');
    expect(match('/_next/static/chunks/app.js')).toBe('/_next/static');
    expect(match('/wp-admin/setup.php')).toBe('unmatched');
    expect(match('/favicon.ico')).toBe('/favicon.ico');
  });

  it("given this app's own directory, then its dynamic pages and the system page have patterns", () => {
    const routes = appRoutes(join(process.cwd(), 'app'));
    expect(routes).toContain('/api/orders/[id]/items/[productId]');
    expect(routes).toContain('/orders/[id]');
    expect(routes).toContain('/admin/system');
  });
});
