import Link from 'next/link';
import { redirect } from 'next/navigation';
import { firstValues, type SearchParams } from '../lib/web/search-params';
import { viewer } from '../lib/web/viewer';

export default async function Home({ searchParams }: { searchParams: Promise<SearchParams> }) {
  if (await viewer()) redirect('/orders');
  const { signout } = firstValues(await searchParams);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Orderly</h1>
          <p className="muted">Orders with a full, honest history.</p>
        </div>
      </div>
      {signout === 'unconfirmed' && (
        <p className="notice" role="alert">
          You are signed out in this browser, but the server could not confirm that your session itself has ended (it
          cannot reach its data just now). If it has not, it ends by itself when it expires; to be sure sooner, sign in
          again later and use “Sign out everywhere else” on your account page.
        </p>
      )}
      <section className="card" aria-labelledby="what">
        <h2 id="what">What it is</h2>
        <p>
          Build an order from the catalog, change it, submit or cancel it. Every change is kept as an immutable event,
          so you can see the whole history of each order, what it looked like at any moment, and who did what when.
        </p>
        <p>
          Changes show up live in every tab you have open, and the page tells you honestly when it is still catching up.
        </p>
        <p className="inline">
          <Link className="button primary" href="/signup">
            Sign up
          </Link>
          <Link className="button" href="/login">
            Sign in
          </Link>
        </p>
      </section>
    </>
  );
}
