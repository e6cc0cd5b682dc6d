// npm start's first step: runs `next build` only when the sources changed since the last build, so that starting
// again is quick. The sources' fingerprint (sources-fingerprint.ts) is kept in .next/orderly-sources.sha256 after a
// successful build; a missing or different one means "build". `--always` builds in any case (npm run build).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourcesFingerprint } from './sources-fingerprint';

const ROOT = join(import.meta.dirname, '..');
const STAMP = join(ROOT, '.next', 'orderly-sources.sha256');

const fingerprint = sourcesFingerprint(ROOT);
const current =
  !process.argv.includes('--always') &&
  existsSync(join(ROOT, '.next', 'BUILD_ID')) &&
  existsSync(STAMP) &&
  readFileSync(STAMP, 'utf8') === fingerprint;
if (current) {
  console.log('The production build is current: starting it (npm run build, or deleting .next, builds again).');
} else {
  // No stamp while building: a build cut short is never taken for a current one.
  rmSync(STAMP, { force: true });
  const r = spawnSync('npx', ['next', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  writeFileSync(STAMP, fingerprint);
}
