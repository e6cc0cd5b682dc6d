'use client';
// The last resort, when even the app's layout could not be shown: a page of its own (it replaces the root layout),
// with a retry (a fresh fetch, Next's `retry`) and the way back. The details stay in the server's log, under the
// digest.
import './globals.css';
import { RetryButton } from './_components/RetryButton';

export default function GlobalError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <html lang="en">
      <body>
        <main>
          <section className="card" aria-labelledby="err" role="alert">
            <h1 id="err">Orderly could not be shown just now</h1>
            <p>
              The server could not be reached or could not answer. Nothing you saw confirmed was lost. Check your
              connection, then try again.
            </p>
            <p className="inline">
              <RetryButton retry={retry} />
              {/* A plain link: a full page load, which does not depend on the app that failed. */}
              <a className="button" href="/orders">
                Back to the orders
              </a>
              {error.digest && <span className="muted small">Reference: {error.digest}</span>}
            </p>
          </section>
        </main>
      </body>
    </html>
  );
}
