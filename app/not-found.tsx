import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="card" aria-labelledby="nf">
      <h1 id="nf">Not found</h1>
      <p>There is nothing here, or nothing you may see.</p>
      <p>
        <Link href="/orders">Back to your orders</Link>
      </p>
    </section>
  );
}
