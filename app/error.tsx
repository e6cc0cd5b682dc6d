'use client';
// What a page shows when it failed: rendering on the server (most often the store of record out of reach for a
// moment), or a request the page made that got no answer or half of one. "Try again" fetches the page anew (Next's
// `retry`: re-rendering the answer that failed would fail again). The details stay in the server's log, under the
// digest.
import Link from 'next/link';
import { RetryButton } from './_components/RetryButton';

export default function PageError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <section className="card" aria-labelledby="err" role="alert">
      <h1 id="err">This page could not be shown just now</h1>
      <p>
        The server could not be reached or could not answer (your connection, or the server busy for a moment). Changes
        you saw confirmed are kept; one that was not confirmed may need to be made again.
      </p>
      <p className="inline">
        <RetryButton retry={retry} />
        <Link className="button" href="/orders">
          Back to the orders
        </Link>
        {error.digest && <span className="muted small">Reference: {error.digest}</span>}
      </p>
    </section>
  );
}
