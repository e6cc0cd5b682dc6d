// The write side's data-access layer for accounts: sign up, sign in (opens a session), sign out (ends it). Inputs
// are parsed at the edge with the schemas of lib/accounts.
import 'server-only';
import {
  createUser,
  signOut as endSession,
  signIn as openSession,
  type SignIn,
  signSessionId,
  UsernameTaken,
  unsignSessionId,
} from '../accounts/accounts';
import { runtime } from '../runtime';

/** Creates the user; `taken` when the username is already someone's. */
export async function signUp(username: string, password: string): Promise<{ ok: true } | { ok: false; taken: true }> {
  try {
    await createUser(runtime().accounts.db, username, password);
    return { ok: true };
  } catch (error) {
    if (error instanceof UsernameTaken) return { ok: false, taken: true };
    throw error;
  }
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
  const r = await openSession(accounts.db, username, password);
  if (!r.ok) return r;
  return { ok: true, cookieValue: signSessionId(accounts.sessionSecret, r.sessionId), expiresAt: r.expiresAt };
}

/** Ends the session a session cookie's value names (signature checked), for every copy of the cookie. */
export function signOut(sessionCookieValue: string | undefined): void {
  const { accounts } = runtime();
  const id = unsignSessionId(accounts.sessionSecret, sessionCookieValue);
  if (id) endSession(accounts.db, id);
}
