import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { viewer } from '../../lib/web/viewer';
import { AuthForm } from '../_components/AuthForm';
import { signUpAction } from '../actions';

export const metadata: Metadata = { title: 'Sign up' };

export default async function SignupPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next = '/orders' } = await searchParams;
  if (await viewer()) redirect('/orders');
  return (
    <>
      <div className="page-head">
        <h1>Create your account</h1>
      </div>
      <AuthForm action={signUpAction} mode="signup" next={next} />
    </>
  );
}
