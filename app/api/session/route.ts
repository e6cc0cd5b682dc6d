import { clearedSessionCookie, cookieValue, SESSION_COOKIE, sessionCookieHeader } from '../../../lib/accounts/accounts';
import { isSecure, route, throttledError } from '../../../lib/web/api';
import { clientAddress } from '../../../lib/web/client-address';
import { HttpError, json, parse, readJson } from '../../../lib/web/http';
import { Schemas } from '../../../lib/web/schemas';
import { signIn, signOut } from '../../../lib/write/accounts';

export const POST = route(async (request) => {
  const { username, password } = parse(Schemas.SignInCredentials, await readJson(request), 'sign-in');
  const r = await signIn(username, password, clientAddress(request.headers));
  if (!r.ok) {
    if ('throttled' in r) throw throttledError(r);
    throw new HttpError(401, 'wrong username or password');
  }
  return json(204, null, { 'set-cookie': sessionCookieHeader(r.cookieValue, r.expiresAt, isSecure(request)) });
});

export const DELETE = route(async (request) => {
  await signOut(cookieValue(request.headers.get('cookie'), SESSION_COOKIE));
  return json(204, null, { 'set-cookie': clearedSessionCookie(isSecure(request)) });
});
