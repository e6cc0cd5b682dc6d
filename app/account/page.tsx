import type { Metadata } from 'next';
import { requireViewer } from '../../lib/web/viewer';
import { changePasswordAction, signOutEverywhereElseAction } from '../actions';
import { ChangePasswordForm, SignOutElsewhereForm } from './forms';

export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage() {
  const actor = await requireViewer('/account');
  return (
    <>
      <div className="page-head">
        <h1>Account</h1>
        <p className="muted">
          Signed in as <bdi>{actor.name}</bdi>
          {actor.staff ? ' (staff)' : ''}
        </p>
      </div>
      <div className="grid grid-2">
        <ChangePasswordForm action={changePasswordAction} />
        <SignOutElsewhereForm action={signOutEverywhereElseAction} />
      </div>
    </>
  );
}
