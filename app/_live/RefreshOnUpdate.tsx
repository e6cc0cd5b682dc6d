'use client';
import { useCallback } from 'react';
import type { OrderUpdated } from '../../lib/live/events';
import { useFreshness, useOrderUpdates } from './socket';

/**
 * Re-renders the page's server components when an order this viewer may see changes. `mark` is how fresh the page
 * was rendered: a customer's own sequence (their order events applied), or for staff views of every order the
 * read model's position. Announcements that add nothing (the same change from another node) cause no refetch; a
 * mark beyond the rendered one does, until the page shows it.
 */
export function RefreshOnUpdate({ mark }: { mark: { customerSeq: number } | { position: number } }) {
  const rendered = 'customerSeq' in mark ? mark.customerSeq : mark.position;
  const { bump, refetch } = useFreshness(rendered);
  const onUpdate = useCallback(
    (u: OrderUpdated) => bump('customerSeq' in mark ? u.customerSeq : u.position),
    [bump, mark],
  );
  useOrderUpdates(onUpdate, refetch);
  return null;
}
