import { clearedSessionCookie, cookieValue, SESSION_COOKIE, sessionCookieHeader } from '../../../lib/accounts/accounts';
import { isSecure, route } from '../../../lib/web/api';
import { HttpError, json, parse, readJson } from '../../../lib/web/http';
import { Schemas } from '../../../lib/web/schemas';
import { signIn, signOut } from '../../../lib/write/accounts';

const WRONG = 'wrong username or password';

export const POST = route(async (request) => {
  const body = await readJson(request);
  // A malformed sign-in is still only "wrong": do not tell which rule a guess broke.
  const credentials = Schemas.Credentials.safeParse(body);
  if (!credentials.success) {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) parse(Schemas.Credentials, body, 'sign-in');
    throw new HttpError(401, WRONG);
  }
  const r = await signIn(credentials.data.username, credentials.data.password);
  if (!r.ok) {
    if (r.retryAfterSeconds) {
      throw new HttpError(
        429,
        `too many failed sign-ins for this username: try again in ${r.retryAfterSeconds} s`,
        {},
        { 'retry-after': String(r.retryAfterSeconds) },
      );
    }
    throw new HttpError(401, WRONG);
  }
  return json(204, null, { 'set-cookie': sessionCookieHeader(r.cookieValue, r.expiresAt, isSecure(request)) });
});

export const DELETE = route(async (request) => {
  await signOut(cookieValue(request.headers.get('cookie'), SESSION_COOKIE));
  return json(204, null, { 'set-cookie': clearedSessionCookie(isSecure(request)) });
});
