'use server';
// Sign up, sign in, sign out: thin server actions over lib/write/accounts.
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { Credentials, SESSION_COOKIE } from '../lib/accounts/accounts';
import { safeNextPath } from '../lib/web/security';
import { isSecureRequest } from '../lib/web/viewer';
import { signIn, signOut, signUp } from '../lib/write/accounts';

export interface AuthState {
  error?: string;
  fieldErrors?: { username?: string; password?: string };
  username?: string;
}

async function openSession(username: string, password: string): Promise<AuthState | null> {
  const r = await signIn(username, password);
  if (!r.ok) {
    return r.retryAfterSeconds
      ? { error: `Too many failed sign-ins for this username. Try again in ${r.retryAfterSeconds} s.`, username }
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
  const created = await signUp(input.data.username, input.data.password);
  if (!created.ok) return { fieldErrors: { username: 'This username is taken.' }, username };
  const failed = await openSession(input.data.username, input.data.password);
  if (failed) return failed;
  redirect(safeNextPath(form.get('next')));
}

export async function signInAction(_prev: AuthState, form: FormData): Promise<AuthState> {
  const username = String(form.get('username') ?? '');
  const password = String(form.get('password') ?? '');
  if (!username || !password) return { error: 'Enter your username and password.', username };
  const failed = await openSession(username, password);
  if (failed) return failed;
  redirect(safeNextPath(form.get('next')));
}

export async function signOutAction(): Promise<void> {
  const jar = await cookies();
  await signOut(jar.get(SESSION_COOKIE)?.value);
  jar.delete(SESSION_COOKIE);
  redirect('/');
}
