// What the order pages' server actions share: read the command id and pinned version a form carries, run the
// command for the signed-in user through lib/write, and turn its result into state the form shows next to itself.
import { z } from 'zod';
import type { Actor } from '../../lib/domain';
import { MAX_QUANTITY } from '../../lib/orders/order';
import { isStoreUnavailable } from '../../lib/web/unavailable';
import { viewer } from '../../lib/web/viewer';
import { TooManyCommandsError } from '../../lib/write/command-budget';
import type { CommandResult } from '../../lib/write/orders';
import { type ChangeMade, type CommandState, STORE_UNREACHABLE_MESSAGE } from './command-state';

export type { CommandState };

/** Says what changed meanwhile when a pinned command meets a newer version: the changes after `expectedVersion`. */
export type ExplainConflict = (actor: Actor, expectedVersion: number) => Promise<ChangeMade[]>;

const FormMeta = z.object({
  commandId: z.string().min(1).max(100),
  /** The version the form was rendered at; 0 (nothing rendered yet) pins nothing. */
  expectedVersion: z.coerce
    .number()
    .int()
    .min(0)
    .transform((v) => (v === 0 ? undefined : v))
    .optional(),
});

/**
 * Runs `run` for the signed-in user with the form's command id and pinned version; answers the form's next state.
 * A form without a command id (not one this app rendered) is refused without running anything.
 */
export async function formCommand(
  form: FormData,
  run: (actor: Actor, input: { commandId: string; expectedVersion?: number }) => Promise<CommandResult>,
  /** What the command acts on, for people: "order", "product". */
  noun = 'order',
  explain?: ExplainConflict,
): Promise<CommandState> {
  const at = Date.now();
  const meta = FormMeta.safeParse({
    commandId: form.get('commandId') ?? undefined,
    expectedVersion: form.get('expectedVersion') || undefined,
  });
  if (!meta.success) return { status: 'refused', message: 'This form is out of date: reload the page.', at };
  try {
    const actor = await viewer(); // the session is in the store of record too: inside, so its failure is answered
    if (!actor) return { status: 'refused', message: 'Your session has ended: sign in again.', at };
    const state = commandState(await run(actor, meta.data), at, noun);
    if (state.status === 'conflict' && explain && meta.data.expectedVersion !== undefined) {
      const changes = await explain(actor, meta.data.expectedVersion);
      return { ...state, changes, message: conflictMessage(changes, state.currentVersion, noun) };
    }
    return state;
  } catch (error) {
    if (error instanceof TooManyCommandsError) {
      const s = Math.ceil(error.retryAfterMs / 1000);
      return { status: 'refused', message: `Too many changes at once: try again in ${s} s.`, at };
    }
    // Not a refusal: a store that answers late may still write the command. Its outcome is unknown, so the form keeps
    // its command id (a retry is applied at most once) and asks later whether it was written.
    if (isStoreUnavailable(error)) return { status: 'unreachable', message: STORE_UNREACHABLE_MESSAGE, at };
    throw error;
  }
}

/** The conflict notice's sentence: who changed the order meanwhile, when the timeline says. */
function conflictMessage(changes: ChangeMade[], currentVersion: number, noun: string): string {
  const who = new Set(changes.map((c) => (c.byViewer ? 'you (in another tab or device)' : (c.actor ?? 'someone'))));
  const by = who.size === 0 ? 'Someone' : [...who].join(' and ');
  // Our own words start the sentence in capitals; a username is written as it is ("ops", not "Ops").
  const subject = by.startsWith('you ') ? `Y${by.slice(1)}` : by;
  return `${subject} changed this ${noun} in the meantime (it is now at version ${currentVersion}); your change was not applied.`;
}

export function commandState(result: CommandResult, at = Date.now(), noun = 'order'): CommandState {
  if (result.ok) return { status: 'saved', version: result.version, at };
  switch (result.kind) {
    case 'conflict':
      return {
        status: 'conflict',
        message: `Someone changed this ${noun} in the meantime (it is now at version ${result.currentVersion}); your change was not applied.`,
        currentVersion: result.currentVersion ?? 0,
        at,
      };
    case 'not_found':
    case 'forbidden':
      return { status: 'refused', message: `This ${noun} does not exist.`, at };
    case 'rule':
      // A rule's message as a sentence for people.
      return { status: 'refused', message: result.message.charAt(0).toUpperCase() + result.message.slice(1), at };
  }
}

/** What a form hears for a quantity that is not a whole number (before any command: nothing to send). */
export const notAWholeNumber = (): CommandState => ({
  status: 'refused',
  message: `Enter the quantity as a whole number, from 1 to ${MAX_QUANTITY}.`,
  field: 'quantity',
  at: Date.now(),
});

/** A whole number from a form field, or NaN (not one: the form says so before sending anything). */
export const intField = (form: FormData, name: string) => {
  const v = String(form.get(name) ?? '').trim();
  return /^-?\d+$/.test(v) ? Number(v) : Number.NaN;
};
