// What the order pages' server actions share: run a command for the signed-in user and turn its result into
// state a form can show next to what caused it.
import { randomUUID } from 'node:crypto';
import type { OrderCommand } from '../../lib/orders/order';
import { runtime } from '../../lib/runtime';
import { viewer } from '../../lib/web/viewer';
import { handleOrderCommand } from '../../lib/write/handler';
import type { CommandState } from './command-state';

export type { CommandState };

export async function runCommand(command: OrderCommand, form: FormData): Promise<CommandState> {
  const actor = await viewer();
  const at = Date.now();
  if (!actor) return { status: 'refused', message: 'Your session has ended: sign in again.', at };
  const expected = Number(form.get('expectedVersion'));
  const commandId = form.get('commandId');
  const result = await handleOrderCommand(runtime().write, {
    command,
    commandId: typeof commandId === 'string' && commandId ? commandId : randomUUID(),
    actor,
    expectedVersion: Number.isInteger(expected) && expected > 0 ? expected : undefined,
  });
  if (result.ok) return { status: 'saved', version: result.version, at };
  switch (result.code) {
    case 'conflict':
      return {
        status: 'conflict',
        message: `Someone changed this order in the meantime (it is now at version ${result.currentVersion}); your change was not applied.`,
        currentVersion: result.currentVersion ?? 0,
        at,
      };
    case 'not_found':
    case 'forbidden':
      return { status: 'refused', message: 'This order does not exist.', at };
    default:
      return { status: 'refused', message: result.message, at };
  }
}

/** A whole number from a form field, or NaN (the rules then refuse it with their own message). */
export const intField = (form: FormData, name: string) => {
  const v = String(form.get(name) ?? '').trim();
  return /^-?\d+$/.test(v) ? Number(v) : Number.NaN;
};
