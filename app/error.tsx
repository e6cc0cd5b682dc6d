'use client';
// What a page shows when rendering it failed on the server (most often: the store of record could not be reached
// for a moment). The details stay in the server's log, under the digest.
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="card" aria-labelledby="err" role="alert">
      <h1 id="err">This page could not be shown just now</h1>
      <p>
        The server could not answer, most likely because its store was out of reach for a moment. Nothing you did was
        lost: changes you saw confirmed are kept.
      </p>
      <p className="inline">
        <button type="button" className="primary" onClick={() => reset()}>
          Try again
        </button>
        {error.digest && <span className="muted small">Reference: {error.digest}</span>}
      </p>
    </section>
  );
}
