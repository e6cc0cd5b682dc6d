'use client';
import Link from 'next/link';
import type { AuthState } from '../actions';
import { unlessOff } from './unlessOff';
import { NO_ANSWER, useKeptForm } from './useKeptForm';

export function AuthForm({
  action,
  mode,
  next,
}: {
  action: (prev: AuthState, form: FormData) => Promise<AuthState>;
  mode: 'signin' | 'signup';
  next: string;
}) {
  const { state, pending, onSubmit } = useKeptForm(action, {}, (prev) => ({ ...prev, error: NO_ANSWER }));
  const signup = mode === 'signup';
  return (
    <form onSubmit={onSubmit} className="card" style={{ maxWidth: '28rem' }} noValidate>
      <input type="hidden" name="next" value={next} />
      {state.error && (
        <p className="notice error" role="alert">
          {state.error}
        </p>
      )}
      <div className="field">
        <label htmlFor="username">Username</label>
        <input
          id="username"
          name="username"
          autoComplete="username"
          defaultValue={state.username}
          aria-invalid={!!state.fieldErrors?.username}
          aria-describedby={signup ? 'username-help username-error' : undefined}
          required
        />
        {signup && (
          <p id="username-help" className="muted small">
            3 to 32 of a-z, 0-9, _ and -.
          </p>
        )}
        {state.fieldErrors?.username && (
          <p id="username-error" className="field-error" role="alert">
            {state.fieldErrors.username}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete={signup ? 'new-password' : 'current-password'}
          aria-invalid={!!state.fieldErrors?.password}
          aria-describedby={state.fieldErrors?.password ? 'password-error' : undefined}
          required
        />
        {signup && (
          <p className="muted small">
            At least 8 characters and hard to guess: a few uncommon words together work well.
          </p>
        )}
        {state.fieldErrors?.password && (
          <p id="password-error" className="field-error" role="alert">
            {state.fieldErrors.password}
          </p>
        )}
      </div>
      <p className="inline">
        <button type="submit" className="primary" {...unlessOff(pending)}>
          {pending ? 'One moment…' : signup ? 'Create account' : 'Sign in'}
        </button>
        {signup ? (
          <span className="muted">
            Have an account? <Link href={`/login?next=${encodeURIComponent(next)}`}>Sign in</Link>
          </span>
        ) : (
          <span className="muted">
            New here? <Link href={`/signup?next=${encodeURIComponent(next)}`}>Sign up</Link>
          </span>
        )}
      </p>
    </form>
  );
}
