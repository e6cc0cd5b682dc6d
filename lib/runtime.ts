// Where the web edge finds the running app. Next bundles its own copy of server modules, so a module-level variable
// set by the custom server (lib/server.ts) is invisible to route handlers and server components: the runtime is
// kept on globalThis instead. Only the web edge reads it (lib/read|write/* data-access modules, lib/web); it imports
// nothing but a type.
import type { Runtime } from './app';

const KEY = Symbol.for('orderly.runtime');
type Holder = { [KEY]?: Runtime };

/** Called once by the custom server, before it takes requests. */
export function setRuntime(runtime: Runtime): void {
  (globalThis as Holder)[KEY] = runtime;
}

/** The running app; throws when the app was not started through lib/server.ts. */
export function runtime(): Runtime {
  const r = (globalThis as Holder)[KEY];
  if (!r) throw new Error('the Orderly runtime is not set: start the app with lib/server.ts (npm start / npm run dev)');
  return r;
}
