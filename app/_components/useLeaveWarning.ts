'use client';
import { useEffect } from 'react';

/**
 * While `active` (a change that got no answer waits for "Try again"), leaving the page asks first: the browser's own
 * "leave site?" dialog, since a link followed while offline would otherwise drop the change and what was typed.
 */
export function useLeaveWarning(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const ask = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = ''; // older browsers need it set
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [active]);
}
