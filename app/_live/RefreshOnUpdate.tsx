'use client';
import { useRouter } from 'next/navigation';
import { useCallback, useRef } from 'react';
import { useOrderUpdates } from './socket';

/** Re-renders the page's server components when any order this user may see changes (debounced). */
export function RefreshOnUpdate() {
  const router = useRouter();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refresh = useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      router.refresh();
    }, 100);
  }, [router]);
  useOrderUpdates(refresh, refresh);
  return null;
}
