'use server';
// Sign up, sign in, sign out: thin server actions over lib/accounts.
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import {
  Credentials,
  createUser,
  SESSION_COOKIE,
  signIn,
  signOut,
  signSessionId,
  UsernameTaken,
  unsignSessionId,
} from '../lib/accounts/accounts';
import { runtime } from '../lib/runtime';
import { isSecureRequest } from '../lib/web/viewer';

export interface AuthState {
  error?: string;
  fieldErrors?: { username?: string; password?: string };
  username?: string;
}

const safeNext = (next: FormDataEntryValue | null) =>
  typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : '/orders';

async function openSession(username: string, password: string): Promise<AuthState | null> {
  const rt = runtime();
  const r = await signIn(rt.db, username, password);
  if (!r.ok) {
    return r.retryAfterSeconds
      ? { error: `Too many failed sign-ins for this username. Try again in ${r.retryAfterSeconds} s.`, username }
      : { error: 'Wrong username or password.', username };
  }
  (await cookies()).set(SESSION_COOKIE, signSessionId(rt.sessionSecret, r.sessionId), {
    httpOnly: true,
    sameSite: 'lax',
    secure: await isSecureRequest(),
    expires: r.expiresAt,
    path: '/',
  });
  return null;
}

export async function signUpAction(_prev: AuthState, form: FormData): Promise<AuthState> {
  const input = Credentials.safeParse({ username: form.get('username'), password: form.get('password') });
  const username = String(form.get('username') ?? '');
  if (!input.success) {
    const fieldErrors: AuthState['fieldErrors'] = {};
    for (const issue of input.error.issues) {
      const field = issue.path[0] as 'username' | 'password';
      fieldErrors[field] ??= issue.message;
    }
    return { fieldErrors, username };
  }
  try {
    await createUser(runtime().db, input.data.username, input.data.password);
  } catch (error) {
    if (error instanceof UsernameTaken) return { fieldErrors: { username: 'This username is taken.' }, username };
    throw error;
  }
  const failed = await openSession(input.data.username, input.data.password);
  if (failed) return failed;
  redirect(safeNext(form.get('next')));
}

export async function signInAction(_prev: AuthState, form: FormData): Promise<AuthState> {
  const username = String(form.get('username') ?? '');
  const password = String(form.get('password') ?? '');
  if (!username || !password) return { error: 'Enter your username and password.', username };
  const failed = await openSession(username, password);
  if (failed) return failed;
  redirect(safeNext(form.get('next')));
}

export async function signOutAction(): Promise<void> {
  const jar = await cookies();
  const id = unsignSessionId(runtime().sessionSecret, jar.get(SESSION_COOKIE)?.value);
  if (id) signOut(runtime().db, id);
  jar.delete(SESSION_COOKIE);
  redirect('/');
}
