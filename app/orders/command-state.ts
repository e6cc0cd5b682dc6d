// What a command form shows after a server action, and the command id it sends (shared by the actions and the
// client forms).

export type CommandState =
  | { status: 'idle' }
  | { status: 'saved'; version: number; at: number }
  | { status: 'refused'; message: string; field?: string; at: number }
  /**
   * The request never got an answer (offline, server down): nothing is known to be written; retry as it was.
   * `checking`: the page is still asking the server whether it was written (said as such, not as an alert).
   */
  | { status: 'unreachable'; message: string; at: number; checking?: boolean }
  | { status: 'conflict'; message: string; currentVersion: number; changes?: ChangeMade[]; at: number };

/** A change someone made meanwhile, for a conflict notice: which version, who (or the user themself), what. */
export interface ChangeMade {
  version: number;
  actor: string | null;
  /** The change was made by the user who now sees the conflict (another tab or device). */
  byViewer: boolean;
  /** The command that made it, when the user made it: the page tells its own sends (answer lost) from others. */
  commandId: string | null;
  summary: string;
}

export const idle: CommandState = { status: 'idle' };

/**
 * A fresh command id for a form's next submission. A form sends the same id until its command is answered, so a
 * re-posted form (a double click, a retry) is written once. Works outside secure contexts too (plain HTTP on a LAN),
 * where crypto.randomUUID is missing.
 */
export function nextCommandId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** What a form says when its request got no answer. */
export const UNREACHABLE_MESSAGE =
  'The server could not be reached, so your change may not have been saved. Check your connection and try again: what you typed is kept, and a retry is applied at most once.';

/** What a form says when the server answered that its store did not (down, or too slow: it may still write). */
export const STORE_UNREACHABLE_MESSAGE =
  'The server could not reach its store in time, so your change may not have been saved. Try again in a moment: what you typed is kept, and a retry is applied at most once.';

/**
 * A fresh command id when a form sends something other than its last unanswered submission (that one may have been
 * written: this is another command), or null to keep the form's id (the first send, or a retry of the same, which is
 * then applied at most once). `sent` holds the last submission's fields, command id aside; updated here.
 */
export function changedSubmissionId(data: FormData, sent: { current: string | null }): string | null {
  const what = JSON.stringify([...data.entries()].filter(([k]) => k !== 'commandId'));
  const changed = sent.current !== null && sent.current !== what;
  sent.current = what;
  return changed ? nextCommandId() : null;
}
