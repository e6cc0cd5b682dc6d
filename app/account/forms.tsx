'use client';
import { unlessOff } from '../_components/unlessOff';
import { NO_ANSWER, useKeptForm } from '../_components/useKeptForm';
import type { AccountState } from '../actions';

type Action = (prev: AccountState, form: FormData) => Promise<AccountState>;

function Outcome({ state, id }: { state: AccountState; id: string }) {
  return (
    <div id={id} aria-live="polite">
      {state.error && (
        <p className="notice error" role="alert">
          {state.error}
        </p>
      )}
      {state.done && <p className="notice ok">{state.done}</p>}
    </div>
  );
}

function PasswordField({
  name,
  label,
  error,
  help,
}: {
  name: 'currentPassword' | 'newPassword';
  label: string;
  error?: string;
  help?: string;
}) {
  const describedBy = [help && `${name}-help`, error && `${name}-error`].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <input
        id={name}
        name={name}
        type="password"
        autoComplete={name === 'currentPassword' ? 'current-password' : 'new-password'}
        aria-invalid={!!error}
        aria-describedby={describedBy || undefined}
        required
      />
      {help && (
        <p id={`${name}-help`} className="muted small">
          {help}
        </p>
      )}
      {error && (
        <p id={`${name}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

const noAnswer = (): AccountState => ({ error: NO_ANSWER });
const done = (s: AccountState) => s.done !== undefined;

export function ChangePasswordForm({ action }: { action: Action }) {
  const { state, pending, onSubmit } = useKeptForm(action, {}, noAnswer, done);
  const errors = state.fieldErrors ?? {};
  return (
    <form onSubmit={onSubmit} className="card" style={{ maxWidth: '28rem' }} noValidate>
      <h2>Change password</h2>
      <p className="muted small">Every other session of yours is signed out when it changes.</p>
      <PasswordField name="currentPassword" label="Current password" error={errors.currentPassword} />
      <PasswordField
        name="newPassword"
        label="New password"
        error={errors.newPassword}
        help="At least 8 characters and hard to guess: a few uncommon words together work well."
      />
      <Outcome state={state} id="password-outcome" />
      <button type="submit" className="primary" {...unlessOff(pending)}>
        {pending ? 'One moment…' : 'Change password'}
      </button>
    </form>
  );
}

export function SignOutElsewhereForm({ action }: { action: Action }) {
  const { state, pending, onSubmit } = useKeptForm(action, {}, noAnswer);
  return (
    <form onSubmit={onSubmit} className="card" style={{ maxWidth: '28rem' }}>
      <h2>Sessions</h2>
      <p className="muted small">
        Signed in on another device you no longer use, or lost? End all of them but this one.
      </p>
      <Outcome state={state} id="sessions-outcome" />
      <button type="submit" {...unlessOff(pending)}>
        {pending ? 'One moment…' : 'Sign out everywhere else'}
      </button>
    </form>
  );
}
