'use server';
import { startRebuild } from '../../../lib/read/admin';
import { isStoreUnavailable } from '../../../lib/web/unavailable';
import { viewer } from '../../../lib/web/viewer';

export async function startRebuildAction(): Promise<{ started: boolean; message: string }> {
  const actor = await viewer().catch((error: unknown) => {
    if (isStoreUnavailable(error)) return 'unreachable' as const;
    throw error;
  });
  if (actor === 'unreachable') {
    return { started: false, message: 'The server cannot reach its store right now: try again in a moment.' };
  }
  if (!actor?.staff) return { started: false, message: 'Only staff may rebuild projections.' };
  const started = startRebuild(actor);
  return started ? { started, message: 'Rebuild started.' } : { started, message: 'A rebuild is already running.' };
}
