// The write side's data-access layer for accounts: sign up, sign in (opens a session), sign out (ends it). Inputs
// are parsed at the edge with the schemas of lib/accounts.
import 'server-only';
import {
  signUp as createUser,
  signOut as endSession,
  signIn as openSession,
  type SignIn,
  signSessionId,
  unsignSessionId,
} from '../accounts/accounts';
import { runtime } from '../runtime';

/** Creates the user (a new, never reused id); `taken` when the username is someone's already, on any node. */
export function signUp(username: string, password: string) {
  return createUser(runtime().accounts, username, password);
}

/**
 * Checks the password and opens a session. On success, `cookieValue` is the signed session id to set as the
 * session cookie; a refusal may say how long to wait (too many failures for this username).
 */
export async function signIn(
  username: string,
  password: string,
): Promise<(SignIn & { ok: false }) | { ok: true; cookieValue: string; expiresAt: Date }> {
  const { accounts } = runtime();
  const r = await openSession(accounts, username, password);
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
