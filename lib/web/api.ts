// What every API route shares: the wrapper that turns errors into answers, who is asking, and the mapping of a
// command's result to HTTP. No business rule lives here: those are the domain's.
import { randomUUID } from 'node:crypto';
import { actorFromCookie, type SignedIn, type Throttled } from '../accounts/accounts';
import { HashingBusyError } from '../accounts/passwords';
import { isStoreUnavailable } from '../eventstore/errors';
import { noteRequest, requestContext } from '../observability/context';
import { untilProjected } from '../read/orders';
import { runtime } from '../runtime';
import { TooManyCommandsError } from '../write/command-budget';
import type { CommandResult } from '../write/handler';
import { freshCommandId, type RequestMeta } from '../write/orders';
import { errorResponse, HttpError, isHttps, json, parse, queryOf, readJson } from './http';
import { Schemas } from './schemas';
import { checkStateChange } from './security';

type Handler<C> = (request: Request, context: C, requestId: string) => Promise<Response>;

/**
 * Wraps a route handler: forged state changes refused (see checkStateChange), a request id for logs and metadata,
 * errors as `{error}` with their status. `command` names the command a route sends: input refused before it reached
 * the handler (400, 413, 415, 422 from parsing) counts as that command's `invalid` outcome in the metrics.
 */
export function route<C>(
  handler: Handler<C>,
  options: { command?: string } = {},
): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    const started = performance.now();
    const requestId = validId(request.headers.get('x-request-id')) ?? randomUUID();
    let response: Response;
    try {
      const { env, storeReachable } = runtime();
      checkStateChange(request, { allowedOrigins: env.ALLOWED_ORIGINS, trustProxy: env.TRUST_PROXY });
      // Out of reach: answer at once, rather than let every request wait for the command timeout (health reports).
      if (!storeReachable() && !STORE_FREE.has(new URL(request.url).pathname)) {
        throw new HttpError(503, STORE_UNAVAILABLE, {}, { 'retry-after': '2' });
      }
      response = await handler(request, context, requestId);
    } catch (error) {
      if (error instanceof HttpError) {
        response = errorResponse(error);
        if (options.command && INVALID.has(error.status) && !requestContext()?.command) {
          runtime().metrics.commandDuration.observe(
            { command: options.command, outcome: 'invalid' },
            (performance.now() - started) / 1000,
          );
        }
      } else if (error instanceof TooManyCommandsError) {
        const seconds = String(Math.ceil(error.retryAfterMs / 1000));
        response = json(429, { error: error.message }, { 'retry-after': seconds });
      } else if (isStoreUnavailable(error)) {
        runtime().metrics.eventStoreErrors.inc({ operation: 'request' });
        runtime().log.warn({ err: error, requestId, url: request.url }, 'store of record unavailable');
        response = json(503, { error: STORE_UNAVAILABLE, requestId }, { 'retry-after': '2' });
      } else if (error instanceof HashingBusyError) {
        response = json(503, { error: error.message }, { 'retry-after': '1' });
      } else {
        runtime().log.error({ err: error, requestId, url: request.url }, 'request failed');
        response = json(500, { error: 'internal error', requestId });
      }
    }
    response.headers.set('x-request-id', requestId);
    return response;
  };
}

/** Whether the request came over HTTPS (the one rule: isHttps, with the configured trust in the proxy). */
export const isSecure = (request: Request) => isHttps(request.headers, request.url, runtime().env.TRUST_PROXY);

/** Statuses of input refused at the edge. */
const INVALID = new Set([400, 413, 415, 422]);

/** Routes that answer without the store of record (health says what is down). */
const STORE_FREE = new Set(['/api/health', '/api/openapi.json']);

/** What a request hears while the store of record cannot be reached. */
export const STORE_UNAVAILABLE =
  'the store of record (events, accounts) cannot be reached right now: try again in a moment (a command sent again with the same commandId is applied at most once)';

/** A throttled sign-in, sign-up or password change as 429, with Retry-After (s). */
export function throttledError(t: Throttled): HttpError {
  const what =
    t.throttled === 'address'
      ? 'too many sign-in attempts from your address'
      : 'too many sign-in attempts for this username from your address';
  return new HttpError(
    429,
    `${what}: try again in ${t.retryAfterSeconds} s`,
    {},
    { 'retry-after': String(t.retryAfterSeconds) },
  );
}

const validId = (v: string | null) => (v && /^[\w.:-]{1,100}$/.test(v) ? v : undefined);

/** The signed-in user; throws HttpError 401 when there is none. */
export async function requireActor(request: Request): Promise<SignedIn> {
  const actor = await actorFromCookie(runtime().accounts, request.headers.get('cookie'));
  if (!actor) throw new HttpError(401, 'sign in first (no valid session)');
  noteRequest({ user: actor.name }); // the request's log line names who asked
  return actor;
}

export const NOT_FOUND = 'order not found';

/**
 * `If-Match: "7"` → 7; absent, or `*` ("whatever version there is": the command needs an existing order anyway,
 * else 404) → undefined; anything else → 400.
 */
function ifMatchVersion(request: Request): number | undefined {
  const h = request.headers.get('if-match');
  if (h === null || h.trim() === '*') return undefined;
  const m = /^"(\d{1,9})"$/.exec(h.trim());
  if (!m) throw new HttpError(400, 'If-Match must be a version in quotes, as the ETag gives it, e.g. "7"');
  return Number(m[1]);
}

/** What a command request carries besides its own fields (all optional in the JSON body and query). */
export interface CommandRequest {
  commandId?: string;
  expectedVersion?: number;
  consistency?: 'strong' | 'eventual';
}

export interface CommandAnswer {
  /** The order the command acted on (for `consistency=strong`); none for other aggregates. */
  orderId?: string;
  /** What a 404 says (default: "order not found"). */
  notFound?: string;
  /** A create: there is no version to pin (If-Match is refused). */
  creates?: boolean;
  /** Status of a success (201 for a create). */
  successStatus?: number;
  body?: (version: number) => Record<string, unknown>;
  headers?: Record<string, string>;
}

export const STRONG_CONSISTENCY_TIMEOUT_MS = 5000;

/**
 * Runs a command for an API request and answers as the API promises (200/201, 202, 404, 409, 412, 422). `run`
 * gets the command id (the client's or a fresh one), the pinned version (If-Match or `expectedVersion`, which
 * must agree) and the request's metadata.
 */
export async function commandResponse(
  request: Request,
  requestId: string,
  req: CommandRequest,
  run: (input: { commandId: string; expectedVersion?: number }, meta: RequestMeta) => Promise<CommandResult>,
  answer: CommandAnswer,
): Promise<Response> {
  const ifMatch = ifMatchVersion(request);
  if (answer.creates && request.headers.get('if-match')?.trim() === '*') {
    throw new HttpError(412, 'If-Match: * needs something that exists already, and this creates');
  }
  if (ifMatch !== undefined && answer.creates) throw new HttpError(400, 'If-Match does not apply: this creates');
  if (ifMatch !== undefined && req.expectedVersion !== undefined && ifMatch !== req.expectedVersion) {
    throw new HttpError(400, 'If-Match and expectedVersion disagree: give one of them');
  }
  const result = await run(
    { commandId: req.commandId ?? freshCommandId(), expectedVersion: ifMatch ?? req.expectedVersion },
    { requestId, correlationId: validId(request.headers.get('x-correlation-id')) },
  );
  if (!result.ok) throw httpErrorOf(result, ifMatch !== undefined, answer.notFound);
  const body = answer.body?.(result.version) ?? { version: result.version };
  const headers = { etag: `"${result.version}"`, ...answer.headers };
  if (req.consistency === 'strong' && answer.orderId) {
    const seen = await untilProjected(answer.orderId, result.version, STRONG_CONSISTENCY_TIMEOUT_MS);
    if (!seen) return json(202, body, headers);
  }
  return json(answer.successStatus ?? 200, body, headers);
}

/**
 * The route of an order command that takes nothing but the order (`POST /api/orders/{id}/submit`, `…/ship`): the
 * optional body `{commandId?, expectedVersion?}`, `?consistency=`, and `If-Match`. `staffOnly`: to anyone else the
 * route does not exist (404). `send` runs the command as the write side's function for it does.
 */
export function orderCommandRoute(
  command: string,
  send: (
    actor: SignedIn,
    input: { orderId: string; commandId: string; expectedVersion?: number },
    meta: RequestMeta,
  ) => Promise<CommandResult>,
  options: { staffOnly?: boolean } = {},
) {
  return route<{ params: Promise<{ id: string }> }>(
    async (request, { params }, requestId) => {
      const actor = await requireActor(request);
      if (options.staffOnly && !actor.staff) throw new HttpError(404, 'not found');
      const orderId = parse(Schemas.OrderId, (await params).id, 'order id');
      const { consistency } = parse(Schemas.CommandQuery, queryOf(request), 'query');
      const o = parse(Schemas.CommandBody, await readJson(request, { optional: true }), 'body');
      return commandResponse(
        request,
        requestId,
        { ...o, consistency },
        (input, meta) => send(actor, { ...input, orderId }, meta),
        { orderId },
      );
    },
    { command },
  );
}

/** A refused command as HTTP: rule 422 (with its code), not found / forbidden 404, conflict 409 (412 for If-Match). */
export function httpErrorOf(
  result: CommandResult & { ok: false },
  viaIfMatch: boolean,
  notFound = NOT_FOUND,
): HttpError {
  switch (result.kind) {
    case 'rule':
      return new HttpError(422, result.message, { code: result.code });
    case 'not_found':
    case 'forbidden':
      return new HttpError(404, notFound);
    case 'conflict':
      return new HttpError(
        viaIfMatch ? 412 : 409,
        result.message,
        { currentVersion: result.currentVersion },
        { etag: `"${result.currentVersion}"` },
      );
  }
}
