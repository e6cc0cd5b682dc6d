'use server';
import { startRebuild } from '../../../lib/read/admin';
import { viewer } from '../../../lib/web/viewer';

export async function startRebuildAction(): Promise<{ started: boolean; message: string }> {
  const actor = await viewer();
  if (!actor?.staff) return { started: false, message: 'Only staff may rebuild projections.' };
  const started = startRebuild(actor);
  return started ? { started, message: 'Rebuild started.' } : { started, message: 'A rebuild is already running.' };
}
