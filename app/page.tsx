import { headers } from 'next/headers';
import { runtime } from '../lib/runtime';
import { currentActor } from '../lib/web/api';
import { LiveStatus } from './_live/LiveStatus';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const rt = runtime();
  const actor = currentActor(rt, (await headers()).get('cookie'));
  return (
    <main>
      <h1>Orderly</h1>
      <p className="muted">
        Build an order, submit or cancel it, and see its whole history: every change is kept as an immutable event.
      </p>
      <section className="card" aria-label="System status">
        {actor ? (
          <>
            <p>Signed in as {actor.id}.</p>
            <LiveStatus />
          </>
        ) : (
          <p>Sign in to see your orders and their live updates.</p>
        )}
        <p className="muted">Events are stored in the {rt.storeDescription}.</p>
      </section>
    </main>
  );
}
