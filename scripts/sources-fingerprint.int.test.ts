import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { sourcesFingerprint } from './sources-fingerprint';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it('changes with any edit, new or removed source file, and not with tests or build output', () => {
  const root = mkdtempSync(join(tmpdir(), 'orderly-fp-'));
  dirs.push(root);
  mkdirSync(join(root, 'app'));
  mkdirSync(join(root, 'lib'));
  writeFileSync(join(root, 'app', 'page.tsx'), 'a');
  writeFileSync(join(root, 'package.json'), '{}');
  const first = sourcesFingerprint(root);
  expect(sourcesFingerprint(root)).toBe(first);

  mkdirSync(join(root, '.next'));
  writeFileSync(join(root, '.next', 'BUILD_ID'), 'x');
  writeFileSync(join(root, 'lib', 'thing.test.ts'), 'test');
  expect(sourcesFingerprint(root)).toBe(first);

  writeFileSync(join(root, 'app', 'page.tsx'), 'b');
  const edited = sourcesFingerprint(root);
  expect(edited).not.toBe(first);
  writeFileSync(join(root, 'lib', 'new.ts'), '');
  expect(sourcesFingerprint(root)).not.toBe(edited);
  rmSync(join(root, 'lib', 'new.ts'));
  expect(sourcesFingerprint(root)).toBe(edited);
});
