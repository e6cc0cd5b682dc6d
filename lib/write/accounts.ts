// The write side's data-access layer for accounts: sign up, sign in (opens a session), sign out (ends it), change
// the password and sign out everywhere else (both end the other sessions and their sockets, on every node). Inputs
// are parsed at the edge with the schemas of lib/accounts; `address` is the client's (lib/web/client-address.ts).
import 'server-only';
import {
  type CookieSession,
  changePassword as changeStoredPassword,
  signUp as createUser,
  endOtherSessions as endOthers,
  signOut as endSession,
  signIn as openSession,
  type SignIn,
  sessionFromCookie,
  signSessionId,
  type Throttled,
  unsignSessionId,
} from '../accounts/accounts';
import { runtime } from '../runtime';

/**
 * Creates the user (a new, never reused id); `taken` when the username is someone's already, on any node; `weak`
 * (why) when the password is too easy to guess; or throttled. Throws HashingBusyError.
 */
export function signUp(username: string, password: string, address: string) {
  return createUser(runtime().accounts, username, password, address);
}

/**
 * Checks the password and opens a session. On success, `cookieValue` is the signed session id to set as the
 * session cookie; a refusal may say how long to wait (throttled). Throws HashingBusyError.
 */
export async function signIn(
  username: string,
  password: string,
  address: string,
): Promise<(SignIn & { ok: false }) | { ok: true; cookieValue: string; expiresAt: Date }> {
  const { accounts } = runtime();
  const r = await openSession(accounts, username, password, address);
  if (!r.ok) return r;
  return { ok: true, cookieValue: signSessionId(accounts.sessionSecret, r.sessionId), expiresAt: r.expiresAt };
}

/** Ends the session a session cookie's value names (signature checked), and its sockets, on every node. */
export async function signOut(sessionCookieValue: string | undefined): Promise<void> {
  const { accounts } = runtime();
  const id = unsignSessionId(accounts.sessionSecret, sessionCookieValue);
  if (!id) return;
  await endSession(accounts, id);
  runtime().endSessionSockets(id); // its live pages too, on every node
}

/** The session a Cookie header carries, or null (no cookie, bad signature, ended or expired). */
export function currentSession(cookieHeader: string | null | undefined): Promise<CookieSession | null> {
  return sessionFromCookie(runtime().accounts, cookieHeader);
}

/** Ends every other session of the session's user, and their sockets on every node. Returns how many ended. */
export async function signOutEverywhereElse(session: CookieSession): Promise<number> {
  const ended = await endOthers(runtime().accounts, session.actor.id, session.sessionId);
  for (const id of ended) runtime().endSessionSockets(id);
  return ended.length;
}

/**
 * Changes the password (the current one checked) and ends every other session and its sockets. Returns how many
 * sessions ended, `wrong` for a wrong current password, `weak` (why) for a new one too easy to guess, or throttled.
 * Throws HashingBusyError.
 */
export async function changePassword(
  session: CookieSession,
  input: { currentPassword: string; newPassword: string },
  address: string,
): Promise<{ ok: true; endedSessions: number } | { ok: false; wrong: true } | { ok: false; weak: string } | Throttled> {
  const r = await changeStoredPassword(runtime().accounts, session, input, address);
  if (!r.ok) return r;
  for (const id of r.endedSessions) runtime().endSessionSockets(id);
  return { ok: true, endedSessions: r.endedSessions.length };
}
