import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { firstValues, type SearchParams } from '../../lib/web/search-params';
import { viewer } from '../../lib/web/viewer';
import { AuthForm } from '../_components/AuthForm';
import { signInAction } from '../actions';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { next = '/orders' } = firstValues(await searchParams);
  if (await viewer()) redirect('/orders');
  return (
    <>
      <div className="page-head">
        <h1>Sign in</h1>
      </div>
      <AuthForm action={signInAction} mode="signin" next={next} />
    </>
  );
}
