'use client';
// Re-renders the page's server components when a product it shows changes in the read model: its stock (another
// shopper's order held the last units, staff received more) or its catalog entry (renamed, repriced, retired,
// relisted). At most once a second, and always after the last such change.
import { useEffect } from 'react';
import { liveSocket, useThrottledRefresh } from './socket';

/** `productIds`: the products the page shows, or 'any' for a page that lists whatever the catalog holds. */
export function RefreshOnProducts({ productIds }: { productIds: readonly string[] | 'any' }) {
  const request = useThrottledRefresh(1000);
  const key = productIds === 'any' ? null : productIds.join('\n');
  useEffect(() => {
    const shown = key === null ? null : new Set(key.split('\n'));
    const s = liveSocket();
    const onChanged = ({ productIds: changed }: { productIds: string[] }) => {
      if (!shown || changed.some((id) => shown.has(id))) request();
    };
    s.on('products:updated', onChanged);
    return () => {
      s.off('products:updated', onChanged);
    };
  }, [key, request]);
  return null;
}
