// What every API route shares: the wrapper that turns errors into answers, who is asking, and the mapping of a
// command's result to HTTP. No business rule lives here: those are lib/orders'.
import { randomUUID } from 'node:crypto';
import { actorFor, cookieValue, SESSION_COOKIE, sessionUser, unsignSessionId } from '../accounts/accounts';
import type { Actor, OrderCommand } from '../orders/order';
import { waitForVersion } from '../read/queries';
import { type Runtime, runtime } from '../runtime';
import { handleOrderCommand } from '../write/handler';
import { nameBasedUuid } from '../write/ids';
import { loadVisibleOrder } from '../write/load';
import { errorResponse, HttpError, json } from './http';

type Handler<C> = (request: Request, context: C, rt: Runtime, requestId: string) => Promise<Response>;

/** Wraps a route handler: a request id for logs and metadata, errors as `{error}` with their status. */
export function route<C>(handler: Handler<C>): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    const rt = runtime();
    const requestId = validId(request.headers.get('x-request-id')) ?? randomUUID();
    let response: Response;
    try {
      response = await handler(request, context, rt, requestId);
    } catch (error) {
      if (error instanceof HttpError) response = errorResponse(error);
      else {
        rt.log.error({ err: error, requestId, url: request.url }, 'request failed');
        response = json(500, { error: 'internal error', requestId });
      }
    }
    response.headers.set('x-request-id', requestId);
    return response;
  };
}

const validId = (v: string | null) => (v && /^[\w.:-]{1,100}$/.test(v) ? v : undefined);

/** The signed-in user, or null. */
export function currentActor(rt: Runtime, cookieHeader: string | null): Actor | null {
  const sessionId = unsignSessionId(rt.sessionSecret, cookieValue(cookieHeader, SESSION_COOKIE));
  const username = sessionId ? sessionUser(rt.db, sessionId) : null;
  return username ? actorFor(username, rt.staffUsers) : null;
}

export function requireActor(rt: Runtime, request: Request): Actor {
  const actor = currentActor(rt, request.headers.get('cookie'));
  if (!actor) throw new HttpError(401, 'sign in first (no valid session)');
  return actor;
}

export const isHttps = (request: Request) =>
  new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';

export const NOT_FOUND = 'order not found';

/** The order as the event store has it, when the actor may see it; 404 otherwise (never 403). */
export async function visibleOrder(rt: Runtime, actor: Actor, orderId: string) {
  const order = await loadVisibleOrder(rt.store, orderId, actor);
  if (!order) throw new HttpError(404, NOT_FOUND);
  return order;
}

/** A new order's id: random, or derived from the caller's commandId so that a retried create finds its order. */
export function newOrderId(actor: Actor, commandId: string | undefined): string {
  return commandId ? nameBasedUuid('orderly-order', actor.id, commandId) : randomUUID();
}

/** `If-Match: "7"` → 7; absent → undefined; anything else → 400. */
function ifMatchVersion(request: Request): number | undefined {
  const h = request.headers.get('if-match');
  if (h === null) return undefined;
  const m = /^"(\d{1,9})"$/.exec(h.trim());
  if (!m) throw new HttpError(400, 'If-Match must be a version in quotes, as the ETag gives it, e.g. "7"');
  return Number(m[1]);
}

export interface CommandOptions {
  commandId?: string;
  expectedVersion?: number;
  consistency?: 'strong' | 'eventual';
  /** Status of a success (201 for a create). */
  successStatus?: number;
  body?: (version: number) => Record<string, unknown>;
  headers?: Record<string, string>;
}

export const STRONG_CONSISTENCY_TIMEOUT_MS = 5000;

/** Handles a command for the actor and answers as the API promises (200/201, 202, 400, 404, 409, 412, 422). */
export async function commandResponse(
  rt: Runtime,
  request: Request,
  requestId: string,
  actor: Actor,
  command: OrderCommand,
  o: CommandOptions = {},
): Promise<Response> {
  const ifMatch = ifMatchVersion(request);
  if (ifMatch !== undefined && o.expectedVersion !== undefined && ifMatch !== o.expectedVersion) {
    throw new HttpError(400, 'If-Match and expectedVersion disagree: give one of them');
  }
  const pinned = ifMatch ?? o.expectedVersion;
  const result = await handleOrderCommand(rt.write, {
    command,
    commandId: o.commandId ?? randomUUID(),
    actor,
    correlationId: validId(request.headers.get('x-correlation-id')),
    expectedVersion: pinned,
    metadata: { requestId },
  });
  if (!result.ok) {
    switch (result.code) {
      case 'invalid':
        throw new HttpError(400, result.message);
      case 'rule':
        throw new HttpError(422, result.message);
      case 'not_found':
      case 'forbidden':
        throw new HttpError(404, NOT_FOUND);
      case 'conflict':
        throw new HttpError(
          ifMatch !== undefined ? 412 : 409,
          result.message,
          { currentVersion: result.currentVersion },
          {
            etag: `"${result.currentVersion}"`,
          },
        );
    }
  }
  const body = o.body?.(result.version) ?? { version: result.version };
  const headers = { etag: `"${result.version}"`, ...o.headers };
  if (o.consistency === 'strong') {
    const seen = await waitForVersion(
      rt.db,
      rt.notifier,
      result.orderId,
      result.version,
      STRONG_CONSISTENCY_TIMEOUT_MS,
    );
    if (!seen) return json(202, body, headers);
  }
  return json(o.successStatus ?? 200, body, headers);
}
