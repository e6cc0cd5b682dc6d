import { runtime } from '../lib/runtime';
import { LiveStatus } from './_live/LiveStatus';

export const dynamic = 'force-dynamic';

export default function Home() {
  const { storeDescription } = runtime();
  return (
    <main>
      <h1>Orderly</h1>
      <p className="muted">
        Build an order, submit or cancel it, and see its whole history: every change is kept as an immutable event.
      </p>
      <section className="card" aria-label="System status">
        <LiveStatus />
        <p className="muted">Events are stored in the {storeDescription}.</p>
      </section>
    </main>
  );
}
