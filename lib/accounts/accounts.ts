// Users and sessions: plain CRUD (not event-sourced). The session cookie carries only a signed session id; the
// session itself lives in the database, so signing out or expiry ends it for every copy of the cookie.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../domain';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords';
import type { AccountStore } from './store';
import { weakPasswordReason } from './strength';
import type { HeldOff, SignInThrottle } from './throttle';

export const Username = z
  .string()
  .regex(/^[a-z0-9_-]{3,32}$/, 'a username is 3 to 32 of a-z, 0-9, _ and - (lowercase only)');
export const Password = z
  .string()
  .min(8, 'a password has at least 8 characters')
  .max(128, 'a password has at most 128 characters');
/** A password as typed at sign-in: only its length is checked (it was strong enough when it was chosen). */
export const GivenPassword = z.string().min(1, 'enter your password').max(128, 'a password has at most 128 characters');
/** A sign-in: the same username rule as sign-up, so a malformed one is refused before anything is looked up. */
export const SignInCredentials = z.strictObject({ username: Username, password: GivenPassword });

/**
 * A sign-up's shape: a valid username and a password of 8 to 128 characters. Whether the password is hard enough to
 * guess is checked after the attempt is counted (signUp), since that check costs real CPU.
 */
export const NewCredentials = z.strictObject({ username: Username, password: Password });
/** A password change (the username comes from the session); its strength is checked by changePassword. */
export const PasswordChange = z
  .strictObject({ currentPassword: GivenPassword, newPassword: Password })
  .refine((c) => c.newPassword !== c.currentPassword, {
    path: ['newPassword'],
    message: 'the new password is the current one',
  });

/** A signed-in user: their immutable id (what orders name as customer), their username, and whether staff. */
export type SignedIn = Actor & { name: string };

/** What accounts need: the store of record's account records, the cookie secret, staff, and the throttle. */
export interface AccountsDeps {
  store: AccountStore;
  /** Signs session cookies. */
  sessionSecret: string;
  /** Usernames of staff. */
  staffUsers: ReadonlySet<string>;
  throttle: SignInThrottle;
  /** How long a session lasts (ms). */
  sessionTtlMs: number;
  /** Told of every refused sign-in (logs, metrics): never the password. */
  onSignInRefused?(refusal: { username: string; address: string; reason: 'wrong' | 'throttled' }): void;
}

export const actorFor = (deps: Pick<AccountsDeps, 'staffUsers'>, userId: string, username: string): SignedIn => ({
  id: userId,
  name: username,
  staff: deps.staffUsers.has(username),
});

/** A refusal because of throttling (see throttle.ts): which count and how long until it may go on (s). */
export interface Throttled {
  ok: false;
  throttled: 'address' | 'username';
  retryAfterSeconds: number;
}
const throttled = (held: HeldOff): Throttled => ({
  ok: false,
  throttled: held.scope,
  retryAfterSeconds: Math.ceil(held.retryAfterMs / 1000),
});

/**
 * Creates a user with a new, never reused id; `taken` when the username is someone's already (checked atomically in
 * the store of record, so racing sign-ups on several nodes make one user); `weak` (with the reason) when the password
 * is too easy to guess. Inputs are parsed by the caller (with NewCredentials); `address` is the client's, which
 * counts the attempt before anything costly runs. Throws HashingBusyError.
 */
export async function signUp(
  deps: AccountsDeps,
  username: string,
  password: string,
  address: string,
): Promise<{ ok: true; userId: string } | { ok: false; taken: true } | { ok: false; weak: string } | Throttled> {
  const held = await deps.throttle.attemptFrom(address);
  if (held) return throttled(held);
  const weak = await weakPasswordReason(password, username);
  if (weak) return { ok: false, weak };
  const userId = randomUUID();
  const passwordHash = await hashPassword(password);
  const r = await deps.store.createUser({ id: userId, username, passwordHash, createdAt: new Date().toISOString() });
  return r === 'created' ? { ok: true, userId } : { ok: false, taken: true };
}

export type SignIn = { ok: true; sessionId: string; expiresAt: Date; actor: SignedIn } | { ok: false } | Throttled;

/**
 * Checks the password of `username` and opens a session. Refuses, with how long to wait, while the client's
 * `address` (or this username from it) is held off (see throttle.ts, on every node); a username or password that
 * does not parse is simply wrong (nothing is looked up). Throws HashingBusyError.
 */
export async function signIn(deps: AccountsDeps, username: string, password: string, address: string): Promise<SignIn> {
  const refuse = (reason: 'wrong' | 'throttled') =>
    deps.onSignInRefused?.({ username: username.slice(0, 64), address, reason });
  if (!SignInCredentials.safeParse({ username, password }).success) {
    refuse('wrong');
    return { ok: false };
  }
  const held = await deps.throttle.attempt(username, address);
  if (held) {
    refuse('throttled');
    return throttled(held);
  }
  const user = await deps.store.userByName(username);
  let good: boolean;
  try {
    good = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  } catch (error) {
    // Turned away unchecked (too many at once): it does not count against the user, or a flood could lock them out.
    await deps.throttle.refund(username, address);
    throw error;
  }
  if (!user || !good) {
    refuse('wrong');
    return { ok: false };
  }
  await deps.throttle.succeeded(username, address);
  const sessionId = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + deps.sessionTtlMs);
  await deps.store.openSession({ id: sessionId, userId: user.id, username: user.username, expiresAt });
  // A password changed while this one was checked ends every other session, or is seen here: never both missed.
  if ((await deps.store.userByName(username))?.passwordHash !== user.passwordHash) {
    await deps.store.endSession(sessionId);
    return { ok: false };
  }
  return { ok: true, sessionId, expiresAt, actor: actorFor(deps, user.id, user.username) };
}

/** Ends the session: every node refuses it from now on. */
export async function signOut(deps: AccountsDeps, sessionId: string): Promise<void> {
  await deps.store.endSession(sessionId);
}

/**
 * Ends every session of the user except `keepSessionId` (sign out everywhere else). Returns the ids it ended, so
 * their sockets can be closed too.
 */
export function endOtherSessions(deps: AccountsDeps, userId: string, keepSessionId: string): Promise<string[]> {
  return deps.store.endSessionsOf(userId, keepSessionId);
}

/**
 * Changes the password of the session's user, after checking the current one (counted like a sign-in from
 * `address`), and ends every other session of the user. The input is parsed by the caller (PasswordChange). Returns
 * the ended session ids, `wrong` for a wrong current password, `weak` for a new one too easy to guess, or a
 * throttled refusal. Throws HashingBusyError.
 */
export async function changePassword(
  deps: AccountsDeps,
  session: CookieSession,
  input: { currentPassword: string; newPassword: string },
  address: string,
): Promise<
  { ok: true; endedSessions: string[] } | { ok: false; wrong: true } | { ok: false; weak: string } | Throttled
> {
  const { name: username, id: userId } = session.actor;
  const held = await deps.throttle.attempt(username, address);
  if (held) return throttled(held);
  const user = await deps.store.userByName(username);
  if (!user || user.id !== userId || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    return { ok: false, wrong: true };
  }
  await deps.throttle.succeeded(username, address);
  const weak = await weakPasswordReason(input.newPassword, username);
  if (weak) return { ok: false, weak };
  await deps.store.setPasswordHash(userId, await hashPassword(input.newPassword));
  return { ok: true, endedSessions: await deps.store.endSessionsOf(userId, session.sessionId) };
}

/** A signed-in browser: who, which session, and until when. */
export interface CookieSession {
  actor: SignedIn;
  sessionId: string;
  expiresAt: Date;
}

/**
 * The session a Cookie header (as the browser sent it) carries, with its user; null when there is no session
 * cookie, its signature is bad, or the session ended or expired.
 */
export async function sessionFromCookie(
  deps: AccountsDeps,
  cookieHeader: string | null | undefined,
): Promise<CookieSession | null> {
  const sessionId = unsignSessionId(deps.sessionSecret, cookieValue(cookieHeader, SESSION_COOKIE));
  const session = sessionId ? await deps.store.session(sessionId) : null;
  if (!sessionId || !session) return null;
  return { actor: actorFor(deps, session.userId, session.username), sessionId, expiresAt: session.expiresAt };
}

/** The signed-in user for a Cookie header, or null (see sessionFromCookie). */
export async function actorFromCookie(
  deps: AccountsDeps,
  cookieHeader: string | null | undefined,
): Promise<SignedIn | null> {
  return (await sessionFromCookie(deps, cookieHeader))?.actor ?? null;
}

/** Whether the session is still open (not ended, not expired), on any node. */
export async function sessionIsOpen(deps: AccountsDeps, sessionId: string): Promise<boolean> {
  return (await deps.store.session(sessionId)) !== null;
}

// ---- the cookie ------------------------------------------------------------------------------------------------

export const SESSION_COOKIE = 'orderly_session';

const mac = (secret: string, id: string) => createHmac('sha256', secret).update(id).digest('base64url');

export function signSessionId(secret: string, sessionId: string): string {
  return `${sessionId}.${mac(secret, sessionId)}`;
}

/** The session id from a signed cookie value, or null when the signature does not match. */
export function unsignSessionId(secret: string, value: string | undefined): string | null {
  if (!value) return null;
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return null;
  const id = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(mac(secret, id));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

/** Set-Cookie header value for a session whose signed id is `signedValue` (see signSessionId). */
export function sessionCookieHeader(signedValue: string, expiresAt: Date, secure: boolean): string {
  const parts = [
    `${SESSION_COOKIE}=${signedValue}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Expires=${expiresAt.toUTCString()}`,
    `Max-Age=${Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000))}`,
  ];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0${secure ? '; Secure' : ''}`;
}

/** The value of one cookie from a Cookie header. */
export function cookieValue(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined; // not a value this server set
      }
    }
  }
  return undefined;
}
