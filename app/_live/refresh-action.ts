'use server';
// The pages' refresh, as a server action rather than the client router's `router.refresh()`. Both re-render the page's
// server components; they differ when the request fails. A router refresh whose request gets no answer (the link
// dropped while it was in flight) or a non-RSC answer (a proxy's 502) falls back to a full page load, which replaces
// the app, and what the user typed, with the browser's offline page or the proxy's error page. A server action that
// fails only rejects: the page stays as it was, and the caller tries again later.
import { refresh } from 'next/cache';
import { storeOutOfReach } from '../../lib/web/unavailable';

/**
 * Re-renders the calling page's server components, in the answer to this action. Takes nothing. Returns true when
 * it did, false when this node cannot reach its store of record (the render would show an error page; nothing is
 * rendered). Rejects in the browser when the request got no answer, or an answer that is not the action's.
 */
export async function refreshView(): Promise<boolean> {
  if (storeOutOfReach()) return false;
  refresh();
  return true;
}
