import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppDb } from '../../db/client';
import { createProduct, findProducts, listProducts, updateProduct } from './products';
import { SEED_PRODUCTS, seedCatalog } from './seed';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the catalog', () => {
  it('is migrated and seeded on first start only, and survives a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orderly-cat-'));
    dirs.push(dir);
    const first = openAppDb(join(dir, 'app.sqlite'));
    expect(seedCatalog(first)).toBe(SEED_PRODUCTS.length);
    expect(SEED_PRODUCTS.length).toBeGreaterThanOrEqual(20);
    updateProduct(first, 'mug', { priceCents: 1999 });
    first.$client.close();

    const again = openAppDb(join(dir, 'app.sqlite')); // migrations already applied: nothing to do
    expect(seedCatalog(again)).toBe(0);
    expect(findProducts(again, ['mug']).get('mug')?.priceCents).toBe(1999);
    const active = listProducts(again);
    expect(active.length).toBe(SEED_PRODUCTS.filter((p) => p.active !== false).length);
    expect(active.every((p) => p.active && Number.isInteger(p.priceCents))).toBe(true);
    expect(active.map((p) => p.name)).toEqual([...active.map((p) => p.name)].sort((a, b) => a.localeCompare(b)));
    expect(listProducts(again, { includeInactive: true }).length).toBe(SEED_PRODUCTS.length);
    again.$client.close();
  });

  it('finds products by id, leaving unknown ids out', () => {
    const db = openAppDb(':memory:');
    createProduct(db, { id: 'tea', name: 'Tea', priceCents: 500 });
    createProduct(db, { id: 'old', name: 'Old tea', priceCents: 400, active: false });
    const found = findProducts(db, ['tea', 'old', 'nope', 'tea']);
    expect([...found.keys()].sort()).toEqual(['old', 'tea']);
    expect(found.get('old')).toEqual({ id: 'old', name: 'Old tea', priceCents: 400, active: false });
    expect(findProducts(db, []).size).toBe(0);
    db.$client.close();
  });

  it('refuses products that are not well formed', () => {
    const db = openAppDb(':memory:');
    expect(() => createProduct(db, { id: 'Bad Id', name: 'x', priceCents: 1 })).toThrow();
    expect(() => createProduct(db, { id: 'ok', name: 'x', priceCents: 1.5 })).toThrow();
    expect(() => createProduct(db, { id: 'ok', name: '  ', priceCents: 1 })).toThrow();
    expect(() => updateProduct(db, 'ok', { priceCents: -1 })).toThrow();
    expect(listProducts(db, { includeInactive: true })).toEqual([]);
    db.$client.close();
  });
});
