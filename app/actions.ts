'use server';
// Sign up, sign in, sign out, change the password, sign out everywhere else: thin server actions over
// lib/write/accounts, parsing with the same schemas as the JSON API.
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { z } from 'zod';
import {
  NewCredentials,
  PasswordChange,
  SESSION_COOKIE,
  SignInCredentials,
  type Throttled,
} from '../lib/accounts/accounts';
import { HashingBusyError } from '../lib/accounts/passwords';
import { clientAddress } from '../lib/web/client-address';
import { safeNextPath } from '../lib/web/security';
import { isStoreUnavailable } from '../lib/web/unavailable';
import { isSecureRequest } from '../lib/web/viewer';
import { changePassword, currentSession, signIn, signOut, signOutEverywhereElse, signUp } from '../lib/write/accounts';

export interface AuthState {
  error?: string;
  fieldErrors?: { username?: string; password?: string };
  username?: string;
}

const address = async () => clientAddress(await headers());

const throttledMessage = (t: Throttled) =>
  t.throttled === 'address'
    ? `Too many sign-in attempts from your network. Try again in ${t.retryAfterSeconds} s.`
    : `Too many failed sign-ins for this username. Try again in ${t.retryAfterSeconds} s.`;
const BUSY = 'The server is checking many sign-ins right now. Try again in a moment.';
const UNREACHABLE = 'The server cannot reach its store right now. Try again in a moment.';

/** A message as a sentence: capitalised. */
const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

/** The first message per field of a failed parse. */
function fieldErrorsOf<F extends string>(error: z.ZodError): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const issue of error.issues) {
    const field = issue.path[0] as F;
    out[field] ??= sentence(issue.message);
  }
  return out;
}

/**
 * The username a form carries, as people type it: spaces around it dropped and lower-cased ("  Alice " is alice).
 * Only the forms are lenient; the JSON API takes usernames exactly as they are.
 */
function formUsername(form: FormData): string {
  return String(form.get('username') ?? '')
    .slice(0, 100)
    .trim()
    .toLowerCase();
}

async function openSession(username: string, password: string): Promise<AuthState | null> {
  const r = await signIn(username, password, await address());
  if (!r.ok) {
    return 'throttled' in r
      ? { error: throttledMessage(r), username }
      : { error: 'Wrong username or password.', username };
  }
  (await cookies()).set(SESSION_COOKIE, r.cookieValue, {
    httpOnly: true,
    sameSite: 'lax',
    secure: await isSecureRequest(),
    expires: r.expiresAt,
    path: '/',
  });
  return null;
}

export async function signUpAction(_prev: AuthState, form: FormData): Promise<AuthState> {
  const username = formUsername(form);
  const input = NewCredentials.safeParse({ username, password: form.get('password') });
  if (!input.success) return { fieldErrors: fieldErrorsOf(input.error), username };
  try {
    const created = await signUp(input.data.username, input.data.password, await address());
    if (!created.ok) {
      if ('throttled' in created) return { error: throttledMessage(created), username };
      if ('weak' in created) return { fieldErrors: { password: sentence(created.weak) }, username };
      return { fieldErrors: { username: 'This username is taken.' }, username };
    }
    const failed = await openSession(input.data.username, input.data.password);
    if (failed) return failed;
  } catch (error) {
    if (error instanceof HashingBusyError) return { error: BUSY, username };
    if (isStoreUnavailable(error)) return { error: UNREACHABLE, username };
    throw error;
  }
  redirect(safeNextPath(form.get('next')));
}

export async function signInAction(_prev: AuthState, form: FormData): Promise<AuthState> {
  const username = formUsername(form);
  const input = SignInCredentials.safeParse({ username, password: form.get('password') });
  if (!input.success) {
    const errors = fieldErrorsOf<'username' | 'password'>(input.error);
    return errors.username && !username
      ? { error: 'Enter your username and password.', username }
      : { fieldErrors: errors, username };
  }
  try {
    const failed = await openSession(input.data.username, input.data.password);
    if (failed) return failed;
  } catch (error) {
    if (error instanceof HashingBusyError) return { error: BUSY, username };
    if (isStoreUnavailable(error)) return { error: UNREACHABLE, username };
    throw error;
  }
  redirect(safeNextPath(form.get('next')));
}

/**
 * Ends the session and deletes its cookie. With the store out of reach the session cannot be ended there (it lapses
 * with its TTL): this browser is signed out all the same, because the cookie goes.
 */
/**
 * Ends the session and deletes its cookie. With the store out of reach the cookie goes all the same (nobody at this
 * browser can go on as this user) and the home page says the session itself may not have ended.
 */
export async function signOutAction(): Promise<void> {
  const jar = await cookies();
  let ended = true;
  try {
    await signOut(jar.get(SESSION_COOKIE)?.value);
  } catch (error) {
    if (!isStoreUnavailable(error)) throw error;
    ended = false;
  }
  jar.delete(SESSION_COOKIE);
  redirect(ended ? '/' : '/?signout=unconfirmed');
}

export interface AccountState {
  error?: string;
  done?: string;
  fieldErrors?: { currentPassword?: string; newPassword?: string };
}

/** The signed-in session of this request; 'unreachable' when the store cannot say. Redirects to sign in without one. */
async function sessionOrUnreachable() {
  try {
    const session = await currentSession((await headers()).get('cookie'));
    if (session) return session;
  } catch (error) {
    if (isStoreUnavailable(error)) return 'unreachable' as const;
    throw error;
  }
  redirect('/login?next=%2Faccount');
}

export async function changePasswordAction(_prev: AccountState, form: FormData): Promise<AccountState> {
  const session = await sessionOrUnreachable();
  if (session === 'unreachable') return { error: UNREACHABLE };
  const input = PasswordChange.safeParse({
    currentPassword: form.get('currentPassword'),
    newPassword: form.get('newPassword'),
  });
  if (!input.success) return { fieldErrors: fieldErrorsOf(input.error) };
  try {
    const r = await changePassword(session, input.data, await address());
    if (!r.ok) {
      if ('throttled' in r) return { error: throttledMessage(r) };
      if ('weak' in r) return { fieldErrors: { newPassword: sentence(r.weak) } };
      return { fieldErrors: { currentPassword: 'This is not your current password.' } };
    }
    return { done: `Password changed. ${endedText(r.endedSessions)}` };
  } catch (error) {
    if (error instanceof HashingBusyError) return { error: BUSY };
    if (isStoreUnavailable(error)) return { error: UNREACHABLE };
    throw error;
  }
}

export async function signOutEverywhereElseAction(_prev: AccountState, _form: FormData): Promise<AccountState> {
  const session = await sessionOrUnreachable();
  if (session === 'unreachable') return { error: UNREACHABLE };
  try {
    return { done: endedText(await signOutEverywhereElse(session)) };
  } catch (error) {
    if (isStoreUnavailable(error)) return { error: UNREACHABLE };
    throw error;
  }
}

const endedText = (n: number) =>
  n === 0 ? 'No other session was open.' : `Signed out ${n} other session${n === 1 ? '' : 's'}.`;
