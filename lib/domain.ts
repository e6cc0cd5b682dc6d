// The kernel every aggregate is written against (Order today; Product and Stock next): a decider is three pure
// functions, and a refusal is a DomainError with a stable code. Nothing here does I/O.

/**
 * Who is acting: a user's id, and whether they are staff (staff may act on everyone's orders). `process` marks a
 * process manager (not a person): the only actor that may issue the commands one context sends another (reserve
 * stock, confirm an order). No session ever makes one.
 */
export interface Actor {
  id: string;
  staff: boolean;
  process?: true;
}

/** An event as the domain folds it: the fact plus its place in its stream and when it was recorded. */
export type Recorded<E> = E & { version: number; recordedAt: string };

/**
 * An aggregate as three pure functions. `decide` turns a command into new events (or throws a DomainError);
 * `evolve` folds one recorded event into the state; `initialState` is the state of a stream that does not exist.
 * `Context` is what `decide` may know besides the state (who asks, catalog entries read just now): the handler
 * looks it up before deciding, so `decide` never reads the clock or the network.
 */
export interface Decider<Command, Event, State, Context = undefined> {
  decide(command: Command, state: State, context: Context): Event[];
  evolve(state: State, event: Recorded<Event>): State;
  initialState: State;
}

/** Folds recorded events into a state, from `from` (default: the decider's initial state). */
export function fold<E, S>(
  decider: Pick<Decider<unknown, E, S, never>, 'evolve' | 'initialState'>,
  events: Iterable<Recorded<E>>,
  from: S = decider.initialState,
): S {
  let state = from;
  for (const e of events) state = decider.evolve(state, e);
  return state;
}

/**
 * What kind of refusal, one word each from the domain to the HTTP body:
 * - `rule`: a business rule refused the command (HTTP 422);
 * - `not_found`: the aggregate does not exist (HTTP 404);
 * - `forbidden`: the actor may not act on it (HTTP 404 too: never reveal that it exists).
 */
export type DomainErrorKind = 'rule' | 'not_found' | 'forbidden';

/** A refused command. `code` names the reason in the aggregate's vocabulary (e.g. `NoLines`); `message` is for people. */
export class DomainError<Code extends string = string> extends Error {
  override name = 'DomainError';
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: Code,
    message: string,
  ) {
    super(message);
  }
}

// Errors may cross Next's module copies, where `instanceof` fails: test them by name.
export const isDomainError = (error: unknown): error is DomainError =>
  error instanceof Error && error.name === 'DomainError';

export function assertNever(x: never): never {
  throw new Error(`unhandled case ${JSON.stringify(x)}`);
}

/**
 * Characters people's words shown beside figures must not hold: controls (C0, C1: NUL, line breaks…), line and
 * paragraph separators, bidirectional controls (they reorder the text shown after them), and characters that hide in
 * text (soft hyphen, zero-width space, word joiner and invisible operators, BOM, interlinear annotations, Mongolian
 * vowel separator, tags). Format characters that scripts and emoji need (the joiners, Arabic number signs, Egyptian
 * hieroglyph controls…) are not among them, nor are tags inside an emoji flag sequence (removed before this test).
 */
const HIDDEN_OR_REORDERING =
  /[\p{Cc}\p{Zl}\p{Zp}\p{Bidi_Control}\u00ad\u180e\u200b\u2060-\u2064\ufeff\ufff9-\ufffb\u{e0001}\u{e0020}-\u{e007f}]/u;
/** An emoji tag sequence (the flags of England, Scotland, Wales): a black flag, tag letters, a cancel tag. */
const EMOJI_TAG_SEQUENCE = /\u{1f3f4}[\u{e0020}-\u{e007e}]+\u{e007f}/gu;

/**
 * Whether `text` is one line of plain text, as people's words shown beside figures must be (a product name, a
 * reason): well-formed Unicode (no lone surrogate) holding none of the characters above. Text in any script and emoji
 * sequences pass.
 */
export function isPlainLine(text: string): boolean {
  return text.isWellFormed() && !HIDDEN_OR_REORDERING.test(text.replace(EMOJI_TAG_SEQUENCE, ''));
}
