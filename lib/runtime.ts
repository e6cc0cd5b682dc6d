// Process-wide singletons made by the custom server (lib/server.ts). Next bundles its own copy of server modules,
// so a module-level variable set by the server is invisible to route handlers and server components: they reach
// the singletons through globalThis instead.
import type { Server as SocketServer } from 'socket.io';
import type { AppDb } from '../db/client';
import type { EventStore } from './eventstore';
import type { ClientToServer, ServerToClient } from './live/events';
import type { Logger } from './log';
import type { WriteDeps } from './write/handler';

export interface Runtime {
  store: EventStore;
  storeDescription: string;
  /** The application database: catalog (and later read model, accounts). */
  db: AppDb;
  /** What the command handler needs: the store, the catalog, the snapshot policy. */
  write: WriteDeps;
  io: SocketServer<ClientToServer, ServerToClient>;
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
