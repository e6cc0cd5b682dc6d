'use client';
// Re-renders the page's server components when the stock of a product it shows changes (another shopper's order
// held the last units, staff received more), at most once a second, and always after the last such change.
import { useEffect } from 'react';
import { liveSocket, useThrottledRefresh } from './socket';

export function RefreshOnStock({ productIds }: { productIds: readonly string[] }) {
  const request = useThrottledRefresh(1000);
  const key = productIds.join('\n');
  useEffect(() => {
    const shown = new Set(key.split('\n'));
    const s = liveSocket();
    const onStock = ({ productIds: changed }: { productIds: string[] }) => {
      if (changed.some((id) => shown.has(id))) request();
    };
    s.on('stock:updated', onStock);
    return () => {
      s.off('stock:updated', onStock);
    };
  }, [key, request]);
  return null;
}
