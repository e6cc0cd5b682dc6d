'use client';
import { useEffect } from 'react';

/** What the app asks before an in-app link leaves a page whose last change may not have been saved. */
export const LEAVE_QUESTION = 'Your last change may not have been saved. Leave this page anyway?';

/**
 * While `active` (a change that got no answer waits for "Try again"), leaving the page asks first: the browser's own
 * "leave site?" dialog for a reload, a typed address or another site, and a confirm for a link of the app (those
 * navigate without unloading the page, so the browser would not ask). Otherwise a link followed while offline would
 * drop the change and what was typed. The browser's back button is not asked about.
 */
export function useLeaveWarning(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    // One set of listeners for the whole page, however many forms wait: leaving asks once.
    if (waiting++ === 0) {
      window.addEventListener('beforeunload', ask);
      document.addEventListener('click', onLinkClick, true);
    }
    return () => {
      if (--waiting > 0) return;
      window.removeEventListener('beforeunload', ask);
      document.removeEventListener('click', onLinkClick, true);
    };
  }, [active]);
}

/** How many forms of the page wait for "Try again" now. */
let waiting = 0;

function ask(e: BeforeUnloadEvent) {
  e.preventDefault();
  e.returnValue = ''; // older browsers need it set
}

/** Capturing, on the document: before the app's own link handling, which it stops when the user stays. */
function onLinkClick(e: MouseEvent) {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const link = e.target instanceof Element ? e.target.closest<HTMLAnchorElement>('a[href]') : null;
  if (!link || (link.target && link.target !== '_self') || link.hasAttribute('download')) return;
  const to = new URL(link.href, window.location.href);
  if (to.origin !== window.location.origin) return; // unloads the page: the browser asks
  if (to.pathname === window.location.pathname && to.search === window.location.search) return; // same page
  if (window.confirm(LEAVE_QUESTION)) return;
  e.preventDefault();
  e.stopPropagation();
}
