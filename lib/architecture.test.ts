// The architecture, checked: the imports between files go one way (docs/architecture.md), with no circle anywhere,
// type imports included.
import { readFileSync } from 'node:fs';
import madge from 'madge';
import { beforeAll, describe, expect, it } from 'vitest';

let graph: Record<string, string[]>;
let circles: string[][];

beforeAll(async () => {
  const result = await madge(['lib', 'app', 'db'], {
    fileExtensions: ['ts', 'tsx'],
    tsConfig: 'tsconfig.json',
    detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } },
  });
  graph = result.obj();
  circles = result.circular();
}, 30_000);

const sources = () => Object.keys(graph).filter((f) => !/\.test\.ts$|testing\.ts$|\/testing\//.test(f));
const importsOf = (file: string) => graph[file] ?? [];
const importersOf = (target: string) => sources().filter((f) => importsOf(f).includes(target));
const packagesOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)]
    .map((m) => m[1]!)
    .filter((p) => !p.startsWith('.'));

describe('the imports', () => {
  it('form no circle anywhere (type imports included)', () => {
    expect(Object.keys(graph).length).toBeGreaterThan(50);
    expect(circles).toEqual([]);
  });

  it('keep the event store free of the app: lib/eventstore imports only itself', () => {
    for (const file of sources().filter((f) => f.startsWith('lib/eventstore/'))) {
      expect(
        importsOf(file).filter((i) => !i.startsWith('lib/eventstore/')),
        file,
      ).toEqual([]);
    }
  });

  it('keep the domain pure: lib/orders, lib/catalog and lib/domain.ts import only each other and zod', () => {
    const isDomain = (f: string) =>
      f.startsWith('lib/orders/') || f.startsWith('lib/catalog/') || f === 'lib/domain.ts';
    const domain = sources().filter(isDomain);
    expect(domain.length).toBeGreaterThan(6);
    for (const file of domain) {
      expect(
        importsOf(file).filter((i) => !isDomain(i)),
        file,
      ).toEqual([]);
      expect(
        packagesOf(file).filter((p) => p !== 'zod'),
        file,
      ).toEqual([]);
    }
  });

  it('keep app/ on the data-access layer: no runtime bag, event store, database or composition root', () => {
    const forbidden =
      /^(lib\/runtime\.ts|lib\/app\.ts|lib\/eventstore\/|db\/|lib\/read\/projections\/|lib\/write\/handler)/;
    for (const file of sources().filter((f) => f.startsWith('app/'))) {
      expect(
        importsOf(file).filter((i) => forbidden.test(i) && !/\/(events|commands)\.ts$/.test(i)),
        file,
      ).toEqual([]);
    }
  });

  it('let only the web edge read the runtime', () => {
    const edge = /^(lib\/(read|write)\/(orders|admin|catalog|accounts|system|stock)\.ts|lib\/web\/|lib\/server\.ts)/;
    const readers = importersOf('lib/runtime.ts');
    expect(readers.length).toBeGreaterThan(3);
    expect(readers.filter((f) => !edge.test(f))).toEqual([]);
  });

  it('mark the data-access layer server-only (importing it from a client component fails the build)', () => {
    const dal = [
      'lib/read/orders.ts',
      'lib/read/admin.ts',
      'lib/read/catalog.ts',
      'lib/read/system.ts',
      'lib/write/stock.ts',
      'lib/write/orders.ts',
      'lib/write/accounts.ts',
    ];
    for (const file of dal) expect(readFileSync(file, 'utf8'), file).toMatch(/^(\/\/.*\n)*import 'server-only';/);
  });
});
