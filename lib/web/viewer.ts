// For pages and server actions: who is looking, in which locale, over which protocol, and the answers that go
// with them.
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { actorFromCookie, type SignedIn } from '../accounts/accounts';
import { noteRequest } from '../observability/context';
import { runtime } from '../runtime';
import { isHttps } from './http';

/** The signed-in user, looked up once per request (the layout and the page both ask). */
export const viewer = cache(async (): Promise<SignedIn | null> => {
  const actor = await actorFromCookie(runtime().accounts, (await headers()).get('cookie'));
  if (actor) noteRequest({ user: actor.name }); // the request's log line names who asked
  return actor;
});

/** The signed-in user; otherwise off to sign in, coming back here after. */
export async function requireViewer(back: string): Promise<SignedIn> {
  const actor = await viewer();
  if (!actor) redirect(`/login?next=${encodeURIComponent(back)}`);
  return actor;
}

/** A staff page's title for staff; anyone else gets the not-found page's ("Not found"), naming nothing. */
export async function staffTitle(title: string): Promise<{ title: string }> {
  return { title: (await viewer())?.staff ? title : 'Not found' };
}

/** Staff only: anyone else gets the not-found page, as if the page did not exist. */
export async function requireStaff(): Promise<SignedIn> {
  const actor = await viewer();
  if (!actor?.staff) notFound();
  return actor;
}

/** The reader's locale from Accept-Language (first supported tag), for money and numbers. */
export async function readerLocale(): Promise<string> {
  const header = (await headers()).get('accept-language') ?? '';
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]?.trim();
    if (!tag || tag === '*') continue;
    try {
      if (Intl.NumberFormat.supportedLocalesOf([tag]).length > 0) return tag;
    } catch {
      // not a well-formed tag: try the next one
    }
  }
  return 'en-US';
}

/** Whether the page's request came over HTTPS (see isHttps). */
export async function isSecureRequest(): Promise<boolean> {
  return isHttps(await headers(), null, runtime().env.TRUST_PROXY);
}
