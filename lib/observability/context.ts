// What this process knows about the request being served, wherever the code runs: the custom server starts each
// request in its own context, and everything the request does (Next's route handlers, server actions, the command
// handler, log lines) reads it from there. Next bundles its own copy of server modules, so the storage is kept on
// globalThis (one instance per process), like the runtime.
import { AsyncLocalStorage } from 'node:async_hooks';

/** The request being served, filled in as it is learned. */
export interface RequestContext {
  /** The request's id: the caller's `x-request-id` when well formed, else a fresh UUID. Answered in `x-request-id`. */
  requestId: string;
  /** The signed-in user's name, once the request resolved who is asking. */
  user?: string;
  /** The correlation id of the command this request issued (the last one, if several). */
  correlationId?: string;
  /** The command this request issued and its outcome (e.g. `AddItem`, `ok`). */
  command?: string;
  outcome?: string;
}

const KEY = Symbol.for('orderly.request-context');
type Holder = { [KEY]?: AsyncLocalStorage<RequestContext> };
const holder = globalThis as Holder;
holder[KEY] ??= new AsyncLocalStorage<RequestContext>();
const storage = holder[KEY];

/** Runs `fn` with `context` as the current request's (returns what `fn` returns). */
export function withRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The current request's context, or undefined outside a request (startup, the projector, scripts). */
export function requestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Records what was learned about the current request (no-op outside one). */
export function noteRequest(facts: Partial<Omit<RequestContext, 'requestId'>>): void {
  const ctx = storage.getStore();
  if (ctx) Object.assign(ctx, facts);
}
