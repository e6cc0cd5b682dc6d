// The fingerprint of what `next build` reads, so that npm start rebuilds only when it changed (build-if-stale.ts).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The build's inputs, relative to the project. */
export const BUILD_INPUTS = [
  'app',
  'lib',
  'db',
  'public',
  'next.config.mjs',
  'tsconfig.json',
  'package.json',
  'package-lock.json',
  // Next reads these at build time.
  '.env',
  '.env.local',
  '.env.production',
  '.env.production.local',
];
/** Never inputs: dependencies, build output, tests. */
const SKIP = /(^|\/)(node_modules|\.next)(\/|$)|\.test\.ts$/;

/** Every file under `path` (a file or a directory) in `root`, sorted, relative to `root`. */
function files(root: string, path: string): string[] {
  const abs = join(root, path);
  if (!existsSync(abs) || SKIP.test(path)) return [];
  if (statSync(abs).isFile()) return [path];
  return readdirSync(abs)
    .sort()
    .flatMap((name) => files(root, join(path, name)));
}

/**
 * Hex SHA-256 over the path and content of every input file under `root` (a project directory): any edit, new or
 * removed file changes it; tests and build output do not.
 */
export function sourcesFingerprint(root: string, inputs: readonly string[] = BUILD_INPUTS): string {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap((input) => files(root, input))) {
    hash.update(file);
    hash.update('\0');
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}
