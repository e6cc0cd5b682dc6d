// Users and sessions: plain CRUD (not event-sourced). The session cookie carries only a signed session id; the
// session itself lives in the database, so signing out or expiry ends it for every copy of the cookie.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDb } from '../../db/client';
import { loginFailures, sessions, users } from '../../db/schema';
import type { Actor } from '../domain';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords';

export const Username = z
  .string()
  .regex(/^[a-z0-9_-]{3,32}$/, 'a username is 3 to 32 of a-z, 0-9, _ and - (lowercase only)');
export const Password = z
  .string()
  .min(8, 'a password has at least 8 characters')
  .max(128, 'a password has at most 128 characters');
export const Credentials = z.strictObject({ username: Username, password: Password });

export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Failed sign-ins for one username before further attempts are held off. */
export const FREE_FAILURES = 5;
const FAILURE_WINDOW_MS = 15 * 60 * 1000;
const MAX_LOCK_MS = 15 * 60 * 1000;

export class UsernameTaken extends Error {}

export async function createUser(db: AppDb, username: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  const inserted = db
    .insert(users)
    .values({ username, passwordHash, createdAt: new Date().toISOString() })
    .onConflictDoNothing()
    .run();
  if (inserted.changes === 0) throw new UsernameTaken(`the username "${username}" is taken`);
}

export type SignIn = { ok: true; sessionId: string; expiresAt: Date } | { ok: false; retryAfterSeconds?: number };

/** Checks the password and opens a session. Refuses (with a wait) while a username is locked after failures. */
export async function signIn(db: AppDb, username: string, password: string, now = new Date()): Promise<SignIn> {
  const failure = db.select().from(loginFailures).where(eq(loginFailures.username, username)).get();
  if (failure?.lockedUntil && Date.parse(failure.lockedUntil) > now.getTime()) {
    return { ok: false, retryAfterSeconds: Math.ceil((Date.parse(failure.lockedUntil) - now.getTime()) / 1000) };
  }
  const user = db.select().from(users).where(eq(users.username, username)).get();
  const good = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !good) {
    recordFailure(db, username, failure, now);
    return { ok: false };
  }
  db.delete(loginFailures).where(eq(loginFailures.username, username)).run();
  const sessionId = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  db.insert(sessions)
    .values({ id: sessionId, username, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString() })
    .run();
  // Expired sessions are swept as new ones open.
  db.delete(sessions).where(lt(sessions.expiresAt, now.toISOString())).run();
  return { ok: true, sessionId, expiresAt };
}

function recordFailure(
  db: AppDb,
  username: string,
  previous: typeof loginFailures.$inferSelect | undefined,
  now: Date,
) {
  const recent = previous && now.getTime() - Date.parse(previous.lastFailureAt) < FAILURE_WINDOW_MS;
  const failures = recent ? previous.failures + 1 : 1;
  const over = failures - FREE_FAILURES;
  const lockedUntil =
    over >= 0 ? new Date(now.getTime() + Math.min(MAX_LOCK_MS, 2 ** over * 1000)).toISOString() : null;
  db.insert(loginFailures)
    .values({ username, failures, lastFailureAt: now.toISOString(), lockedUntil })
    .onConflictDoUpdate({
      target: loginFailures.username,
      set: { failures, lastFailureAt: now.toISOString(), lockedUntil },
    })
    .run();
}

export function signOut(db: AppDb, sessionId: string): void {
  db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

export function sessionUser(db: AppDb, sessionId: string, now = new Date()): string | null {
  const row = db
    .select({ username: sessions.username })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now.toISOString())))
    .get();
  return row?.username ?? null;
}

export function actorFor(username: string, staffUsers: ReadonlySet<string>): Actor {
  return { id: username, staff: staffUsers.has(username) };
}

/** What telling who a cookie belongs to needs. */
export interface AccountsDeps {
  db: AppDb;
  /** Signs session cookies. */
  sessionSecret: string;
  staffUsers: ReadonlySet<string>;
}

/**
 * The signed-in actor for a Cookie header (as the browser sent it), or null: no session cookie, a bad signature,
 * or a session that ended or expired.
 */
export function actorFromCookie(deps: AccountsDeps, cookieHeader: string | null | undefined): Actor | null {
  const sessionId = unsignSessionId(deps.sessionSecret, cookieValue(cookieHeader, SESSION_COOKIE));
  const username = sessionId ? sessionUser(deps.db, sessionId) : null;
  return username ? actorFor(username, deps.staffUsers) : null;
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
