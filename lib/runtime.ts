// Process-wide singletons made by the custom server (lib/server.ts). Next bundles its own copy of server modules,
// so a module-level variable set by the server is invisible to route handlers and server components: they reach
// the singletons through globalThis instead.
import type { App } from './app';
import type { LiveServer } from './live/server';
import type { Logger } from './log';
import type { LocalNotifier } from './read/notifier';
import type { Projector } from './read/projector';
import type { RebuildRunner } from './read/rebuild-runner';

export interface Runtime extends Omit<App, 'close'> {
  /** Announces what each projector commit changed (in this process). */
  notifier: LocalNotifier;
  /** The in-process projector; null when it runs as its own process (PROJECTOR=off). */
  projector: Projector | null;
  io: LiveServer;
  /** Rebuilds started from the staff page. */
  rebuilds: RebuildRunner;
  log: Logger;
  startedAt: string;
}

const KEY = Symbol.for('orderly.runtime');
type Holder = { [KEY]?: Runtime };

export function setRuntime(runtime: Runtime): void {
  (globalThis as Holder)[KEY] = runtime;
}

export function runtime(): Runtime {
  const r = (globalThis as Holder)[KEY];
  if (!r) throw new Error('the Orderly runtime is not set: start the app with lib/server.ts (npm start / npm run dev)');
  return r;
}
