import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { viewer } from '../lib/web/viewer';
import { NavLink } from './_components/NavLink';
import { signOutAction } from './actions';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Orderly', template: '%s · Orderly' },
  description: 'Orders with a full, honest history: event sourcing and CQRS',
};
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };
// Every page depends on who is signed in.
export const dynamic = 'force-dynamic';

export default async function RootLayout({ children }: { children: ReactNode }) {
  const actor = await viewer();
  return (
    <html lang="en">
      <body>
        <a className="skip" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="inner">
            <Link className="brand" href={actor ? '/orders' : '/'}>
              Orderly
            </Link>
            {actor ? (
              <>
                <nav aria-label="Main">
                  <NavLink href="/orders">{actor.staff ? 'All orders' : 'My orders'}</NavLink>
                  <NavLink href="/orders/new">New order</NavLink>
                  {actor.staff && <NavLink href="/admin/events">Event log</NavLink>}
                  {actor.staff && <NavLink href="/admin/catalog">Catalog</NavLink>}
                  {actor.staff && <NavLink href="/admin/projections">Projections</NavLink>}
                  {actor.staff && <NavLink href="/admin/system">System</NavLink>}
                </nav>
                <form action={signOutAction} className="who">
                  <Link className="muted small" href="/account" title="Account: password and sessions">
                    {actor.name}
                    {actor.staff ? ' (staff)' : ''}
                  </Link>
                  <button type="submit">Sign out</button>
                </form>
              </>
            ) : (
              <nav aria-label="Account">
                <NavLink href="/login">Sign in</NavLink>
                <NavLink href="/signup">Sign up</NavLink>
              </nav>
            )}
          </div>
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}
