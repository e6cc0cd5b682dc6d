import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { firstValues, type SearchParams } from '../../lib/web/search-params';
import { viewer } from '../../lib/web/viewer';
import { AuthForm } from '../_components/AuthForm';
import { signUpAction } from '../actions';

export const metadata: Metadata = { title: 'Sign up' };

export default async function SignupPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { next = '/orders' } = firstValues(await searchParams);
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
