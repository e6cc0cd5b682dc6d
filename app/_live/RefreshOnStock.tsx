'use client';
// Re-renders the page's server components when the stock of a product it shows changes (another shopper's order
// held the last units, staff received more), at most once a second.
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { liveSocket } from './socket';

export function RefreshOnStock({ productIds }: { productIds: readonly string[] }) {
  const router = useRouter();
  const last = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const key = productIds.join('\n');
  useEffect(() => {
    const shown = new Set(key.split('\n'));
    const s = liveSocket();
    const refresh = () => {
      if (pending.current) return;
      const wait = Math.max(0, 1000 - (Date.now() - last.current));
      pending.current = setTimeout(() => {
        pending.current = null;
        last.current = Date.now();
        router.refresh();
      }, wait);
    };
    const onStock = ({ productIds: changed }: { productIds: string[] }) => {
      if (changed.some((id) => shown.has(id))) refresh();
    };
    s.on('stock:updated', onStock);
    return () => {
      s.off('stock:updated', onStock);
      if (pending.current) clearTimeout(pending.current);
    };
  }, [key, router]);
  return null;
}
