import {
  clearedSessionCookie,
  cookieValue,
  SESSION_COOKIE,
  sessionCookie,
  signIn,
  signOut,
  unsignSessionId,
} from '../../../lib/accounts/accounts';
import { isHttps, route } from '../../../lib/web/api';
import { HttpError, json, parse, readJson } from '../../../lib/web/http';
import { Schemas } from '../../../lib/web/schemas';

const WRONG = 'wrong username or password';

export const POST = route(async (request, _ctx, rt) => {
  const body = await readJson(request);
  // A malformed sign-in is still only "wrong": do not tell which rule a guess broke.
  const credentials = Schemas.Credentials.safeParse(body);
  if (!credentials.success) {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) parse(Schemas.Credentials, body, 'sign-in');
    throw new HttpError(401, WRONG);
  }
  const r = await signIn(rt.db, credentials.data.username, credentials.data.password);
  if (!r.ok) {
    if (r.retryAfterSeconds) {
      throw new HttpError(
        429,
        `too many failed sign-ins for this username: try again in ${r.retryAfterSeconds} s`,
        {},
        {
          'retry-after': String(r.retryAfterSeconds),
        },
      );
    }
    throw new HttpError(401, WRONG);
  }
  return json(204, null, { 'set-cookie': sessionCookie(rt.sessionSecret, r.sessionId, r.expiresAt, isHttps(request)) });
});

export const DELETE = route(async (request, _ctx, rt) => {
  const id = unsignSessionId(rt.sessionSecret, cookieValue(request.headers.get('cookie'), SESSION_COOKIE));
  if (id) signOut(rt.db, id);
  return json(204, null, { 'set-cookie': clearedSessionCookie(isHttps(request)) });
});
