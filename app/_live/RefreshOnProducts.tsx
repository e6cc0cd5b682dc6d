'use client';
// Re-renders a page that lists the catalog when it changes in the read model: any catalog entry (listed, renamed,
// repriced, retired, relisted: the list itself may change), or the stock of a product the page shows (another
// shopper's order held the last units, staff received more). At most once a second, and always after the last change.
import { useEffect } from 'react';
import type { ServerToClient } from '../../lib/live/events';
import { liveSocket, useThrottledRefresh } from './socket';

/** `stockOf`: the products whose stock the page shows, or 'all'. */
export function RefreshOnProducts({ stockOf }: { stockOf: readonly string[] | 'all' }) {
  const request = useThrottledRefresh(1000);
  const key = stockOf === 'all' ? null : stockOf.join('\n');
  useEffect(() => {
    const shown = key === null ? null : new Set(key.split('\n'));
    const s = liveSocket();
    const onChanged: ServerToClient['products:updated'] = ({ stock, catalog }) => {
      if (catalog.length > 0 || !shown || stock.some((id) => shown.has(id))) request();
    };
    s.on('products:updated', onChanged);
    return () => {
      s.off('products:updated', onChanged);
    };
  }, [key, request]);
  return null;
}
