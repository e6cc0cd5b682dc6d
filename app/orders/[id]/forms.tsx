'use client';
// The order page's forms. Each sends a command id (the same until it is answered, so a re-posted form is written
// once) and the version the page knows of (OrderLive runs the page's commands one at a time, so a quick second change
// acts on the first one's result), and shows its outcome next to itself until the user dismisses it.
import {
  type FocusEvent,
  type FormEvent,
  type ReactNode,
  type RefObject,
  startTransition,
  useActionState,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { unlessOff } from '../../_components/unlessOff';
import { useLeaveWarning } from '../../_components/useLeaveWarning';
import {
  type ChangeMade,
  type CommandState,
  changedSubmissionId,
  idle,
  nextCommandId,
  UNREACHABLE_MESSAGE,
} from '../command-state';
import { useCommandLookup } from '../useCommandLookup';
import { useLive } from './OrderLive';

type Action = (prev: CommandState, form: FormData) => Promise<CommandState>;

/** `name` tells the page's forms apart: the first command id is the page's render seed plus the name. */
function useCommand(action: Action, name: string) {
  const live = useLive();
  const form = useRef<HTMLFormElement>(null);
  // The send whose answer never came: a retry of it is that same command, expecting the version it expected (a change
  // made meanwhile is then told as a conflict, not overwritten).
  const unanswered = useRef<{ commandId: string; expectedVersion: number } | null>(null);
  const queued: Action = (prev, data) =>
    live.run(async (latest) => {
      const id = String(data.get('commandId'));
      const expectedVersion = unanswered.current?.commandId === id ? unanswered.current.expectedVersion : latest;
      data.set('expectedVersion', String(expectedVersion));
      live.sending(id);
      let next: CommandState;
      try {
        next = await action(prev, data);
      } catch {
        // No answer (offline, the server down): say so in place; the app stays, and so does what the user typed.
        unanswered.current = { commandId: id, expectedVersion };
        return { status: 'unreachable', message: UNREACHABLE_MESSAGE, at: Date.now() };
      }
      // The server's own "its store did not answer in time" leaves the outcome unknown too.
      unanswered.current = next.status === 'unreachable' ? { commandId: id, expectedVersion } : null;
      if (next.status === 'saved') live.saved(next.version); // before the next queued command reads the version
      return next;
    });
  const [answered, formAction, pending] = useActionState(queued, idle);
  const [commandId, setCommandId] = useState(() => `${live.seed}.${name}`);
  // An answer lost on the way back does not mean nothing was written: the page asks the server (a read by the event id
  // the command's id names), also whenever it shows a newer version or its live link comes back (useCommandLookup).
  // Written: the form says what a saved command says, the page waits for that version, and the form's next
  // submission is another command. Until the first answer, the form says it is checking.
  const { savedAt, saved, rendered, liveState } = live;
  const lostAt = answered.status === 'unreachable' ? answered.at : 0;
  const ask = useCallback(() => savedAt(commandId), [savedAt, commandId]);
  const { found, checking } = useCommandLookup(lostAt, ask, `${rendered} ${liveState}`);
  useEffect(() => {
    if (found !== null) saved(found);
  }, [found, saved]);
  // One object per answer (forms run effects on a new state).
  const state: CommandState = useMemo(() => {
    if (answered.status !== 'unreachable') return answered;
    if (found !== null) return { status: 'saved', version: found, at: answered.at };
    return checking ? { ...answered, checking } : answered;
  }, [answered, found, checking]);
  useLeaveWarning(state.status === 'unreachable');
  // What the last submission carried: a retry of the same is the same command; anything else is a new one.
  const sent = useRef<string | null>(null);
  const answeredAt = state.status === 'idle' ? 0 : state.at;
  useEffect(() => {
    void answeredAt; // once per answer
    // Answered: the next submission is another command. Unanswered: a retry is the same command (written once).
    if (state.status === 'idle' || state.status === 'unreachable') return;
    setCommandId(nextCommandId());
    sent.current = null;
  }, [state.status, answeredAt]);
  const meta = <input type="hidden" name="commandId" value={commandId} />;
  const retry = () => form.current?.requestSubmit();
  // Sent by hand rather than through the form's action, so that React does not reset the form afterwards: what the
  // user typed stays until the page clears it (after a save), also when the request got no answer.
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget, (e.nativeEvent as SubmitEvent).submitter);
    const fresh = changedSubmissionId(data, sent);
    if (fresh) {
      data.set('commandId', fresh);
      setCommandId(fresh);
    }
    startTransition(() => formAction(data));
  };
  // Pending, or saved but not shown yet ("updating view…"): the page's controls still show the order before it, so a
  // second press of a remove, submit or cancel would only be refused (the line is gone, the order moved on).
  const settling = pending || (state.status === 'saved' && live.rendered < state.version);
  return { state, formAction, pending, settling, live, meta, form, retry, onSubmit };
}

/**
 * A form's outcome: a refusal or a conflict stays until dismissed (or until the form is sent again). A notice that
 * goes while it holds the focus (dismissed, or the change found saved) hands it back to the control it describes.
 */
function Feedback({ state, id, retry }: { state: CommandState; id: string; retry?: () => void }) {
  const live = useLive();
  const [dismissed, setDismissed] = useState(0);
  const visible = !(state.status === 'idle' || state.status === 'saved' || state.at === dismissed);
  const returnTo = useRef<HTMLElement | null>(null);
  // When the message goes, or its own button (Try again) does while it changes, the focus that was in it returns
  // to the control it describes instead of falling to the page's body.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the state it shows changes, on purpose
  useEffect(() => {
    const target = returnTo.current;
    if (!visible) returnTo.current = null;
    const active = document.activeElement;
    if (target?.isConnected && (active === null || active === document.body)) target.focus({ preventScroll: true });
  }, [visible, state]);
  if (!visible) return null;
  const focus = {
    onFocus: () => {
      returnTo.current = document.querySelector<HTMLElement>(`[aria-describedby~="${id}"]`);
    },
    onBlur: (e: FocusEvent<HTMLElement>) => {
      if (e.relatedTarget !== null && !e.currentTarget.contains(e.relatedTarget)) returnTo.current = null;
    },
  };
  const dismiss = (
    <button type="button" className="link" onClick={() => setDismissed(state.at)}>
      Dismiss
    </button>
  );
  if (state.status === 'unreachable' && state.checking) {
    return (
      <p id={id} className="notice" role="status" {...focus}>
        No answer came back: checking whether your change was saved…
      </p>
    );
  }
  if (state.status === 'refused' || state.status === 'unreachable') {
    return (
      <div id={id} className="notice error" role="alert" {...focus}>
        <p>{state.message}</p>
        <div className="inline">
          {state.status === 'unreachable' && retry && (
            <button type="button" onClick={retry}>
              Try again
            </button>
          )}
          {dismiss}
        </div>
      </div>
    );
  }
  // Changes this very page sent whose answers were lost on the way are the user's own here, not another tab's.
  const own = (c: ChangeMade) => c.byViewer && live.sentHere(c.commandId);
  const allOwn = !!state.changes?.length && state.changes.every(own);
  return (
    <div id={id} className="notice warn" role="alert" {...focus}>
      <p>
        {allOwn
          ? `Your earlier change on this page was saved (its answer was lost on the way), so this one, made on the version before it, was not applied: the order is now at version ${state.currentVersion}.`
          : state.message}
      </p>
      {state.changes && state.changes.length > 0 && (
        <ul className="changes">
          {state.changes.map((c) => (
            <li key={c.version}>
              <bdi>
                {own(c) ? 'You, on this page' : c.byViewer ? 'You (in another tab or device)' : (c.actor ?? 'Someone')}
              </bdi>
              : <bdi>{c.summary}</bdi> <span className="muted small">v{c.version}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="inline">
        {live.rendered < state.currentVersion && (
          <button
            type="button"
            onClick={() => {
              setDismissed(state.at);
              live.refresh();
            }}
          >
            Show the latest
          </button>
        )}
        {dismiss}
      </div>
    </div>
  );
}

export function AddItemForm({
  action,
  products,
}: {
  action: Action;
  /** Each product on sale, with what the shopper is told of its stock. */
  products: {
    id: string;
    name: string;
    label: string;
    availability: { text: string; level: 'in' | 'low' | 'out' };
  }[];
}) {
  const { state, formAction, pending, meta, form, retry, onSubmit } = useCommand(action, 'add');
  // Controlled, so that what the user chose survives a request that got no answer; cleared once it is added.
  const [productId, setProductId] = useState('');
  const [quantity, setQuantity] = useState('1');
  const chosen = products.find((p) => p.id === productId);
  useEffect(() => {
    if (state.status !== 'saved') return;
    setProductId('');
    setQuantity('1');
  }, [state]);
  // The choice can leave the list while it is made (staff retired it; the page refreshed). Then the choice goes back to
  // "Choose…" and the form says why: a select whose value has no option shows, and would send, another product.
  const [gone, setGone] = useState<{ id: string; name: string } | null>(null);
  const names = useRef(new Map<string, string>());
  for (const p of products) names.current.set(p.id, p.name);
  useEffect(() => {
    if (productId === '' || chosen) return;
    setGone({ id: productId, name: names.current.get(productId) ?? productId });
    setProductId('');
  }, [productId, chosen]);
  const goneIsBack = gone !== null && products.some((p) => p.id === gone.id);
  useEffect(() => {
    if (goneIsBack) setGone(null); // listed again: the note would no longer be true
  }, [goneIsBack]);
  return (
    <form
      ref={form}
      action={formAction}
      onSubmit={onSubmit}
      aria-label="Add a product"
      data-focus-after="order-heading"
    >
      {meta}
      <div className="inline">
        <div className="field">
          <label htmlFor="add-product">Product</label>
          <select
            id="add-product"
            name="productId"
            value={productId}
            onChange={(e) => {
              setProductId(e.target.value);
              setGone(null);
            }}
            aria-describedby="add-gone add-feedback"
          >
            <option value="" disabled>
              Choose…
            </option>
            {products.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="add-quantity">Quantity</label>
          <input
            id="add-quantity"
            name="quantity"
            type="number"
            inputMode="numeric"
            min={1}
            max={999}
            step={1}
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
            aria-describedby="add-feedback"
          />
        </div>
        <button type="submit" className="primary" {...unlessOff(pending)}>
          {pending ? 'Adding…' : 'Add'}
        </button>
      </div>
      <p id="add-gone" className="off-sale small" role="status">
        {gone && (
          <>
            <bdi>{gone.name}</bdi> is no longer on sale: choose another product.
          </>
        )}
      </p>
      {chosen && (
        <p className={`stock ${chosen.availability.level}`} data-testid="add-stock" aria-live="polite">
          {chosen.availability.text}
          {chosen.availability.level === 'out' && ': the order would be rejected when submitted unless more arrives'}
        </p>
      )}
      <Feedback state={state} id="add-feedback" retry={retry} />
    </form>
  );
}

/**
 * One line of the order as table rows: the line with its quantity and remove forms, and under it, across the whole
 * table, the outcome of the line's last command (so a message never widens the table).
 */
export function LineRow({
  line,
  name,
  quantity,
  unitPrice,
  lineTotal,
  maxQuantity,
  offSale = false,
  changeAction,
  removeAction,
}: {
  /** The line's place on the order (names its forms' first command ids: short, whatever the product id). */
  line: number;
  name: string;
  quantity: number;
  /** The unit price and line total, formatted for the reader. */
  unitPrice: ReactNode;
  lineTotal: ReactNode;
  /** The largest quantity a line may hold (the rule's; the box says so before the server has to). */
  maxQuantity: number;
  /** The product was retired after the line was added: the line may shrink or go, not grow (the rule's). */
  offSale?: boolean;
  changeAction: Action;
  removeAction: Action;
}) {
  const change = useCommand(changeAction, `change.${line}`);
  const remove = useCommand(removeAction, `remove.${line}`);
  // What the user typed stays in the box while the change is saved and the view catches up. A new quantity from the
  // server (this change arriving, or someone else's) starts the box again from it, unless the user has typed since
  // their last send: that is theirs.
  const [draft, setDraft] = useState({ from: quantity, value: String(quantity), typedSinceSend: false });
  // Sent but unanswered, the typed value stays too: "Try again" sends what the user typed, not a newer quantity.
  const kept = draft.from === quantity || draft.typedSinceSend || change.state.status === 'unreachable';
  const value = kept ? draft.value : String(quantity);
  const feedbackId = `line-${line}-feedback`;
  const offSaleId = `line-${line}-off-sale`;
  const latest =
    change.state.status !== 'idle' && change.state.at >= (remove.state.status !== 'idle' ? remove.state.at : 0)
      ? change.state
      : remove.state;
  const showFeedback = latest.status === 'refused' || latest.status === 'conflict' || latest.status === 'unreachable';
  const describedBy = [offSale && offSaleId, showFeedback && feedbackId].filter(Boolean).join(' ');
  const retry = latest === change.state ? change.retry : remove.retry;
  // The message row goes with its notice (dismissed, found saved, a retry saved): focus that was in it goes back to
  // the line's quantity box, not to the page's body.
  const messageHadFocus = useRef(false);
  useEffect(() => {
    if (showFeedback || !messageHadFocus.current) return;
    messageHadFocus.current = false;
    const active = document.activeElement;
    if (active === null || active === document.body) {
      document.getElementById(`qty-${line}`)?.focus({ preventScroll: true });
    }
  }, [showFeedback, line]);
  return (
    <>
      <tr>
        <td className="text">
          <bdi>{name}</bdi>
          {offSale && (
            <>
              <br />
              <span id={offSaleId} className="off-sale small">
                No longer on sale: lower its quantity or remove it.
              </span>
            </>
          )}
        </td>
        <td className="num">{unitPrice}</td>
        <td className="num">
          <div className="line-controls">
            <form
              ref={change.form}
              action={change.formAction}
              onSubmit={(e) => {
                setDraft((d) => ({ ...d, typedSinceSend: false }));
                change.onSubmit(e);
              }}
              aria-label={`Change the quantity of ${name}`}
            >
              {change.meta}
              <label className="visually-hidden" htmlFor={`qty-${line}`}>
                Quantity of {name}
              </label>
              <input
                id={`qty-${line}`}
                name="quantity"
                type="number"
                inputMode="numeric"
                min={1}
                max={offSale ? Math.min(quantity, maxQuantity) : maxQuantity}
                step={1}
                value={value}
                onChange={(e) => setDraft({ from: quantity, value: e.target.value, typedSinceSend: true })}
                aria-describedby={describedBy || undefined}
              />
              {/* Never disabled: a disabled default button would make Enter do nothing; the page queues commands. */}
              <button type="submit" aria-busy={change.pending}>
                Update
              </button>
            </form>
            <form ref={remove.form} action={remove.formAction} onSubmit={remove.onSubmit} aria-label={`Remove ${name}`}>
              {remove.meta}
              <button type="submit" className="danger" {...unlessOff(remove.settling)} aria-label={`Remove ${name}`}>
                Remove
              </button>
            </form>
          </div>
        </td>
        <td className="num">{lineTotal}</td>
      </tr>
      {showFeedback && (
        <tr
          className="line-message"
          aria-label={`About ${name}`}
          onFocus={() => {
            messageHadFocus.current = true;
          }}
          onBlur={(e) => {
            if (e.relatedTarget !== null && !e.currentTarget.contains(e.relatedTarget)) messageHadFocus.current = false;
          }}
        >
          <td colSpan={4}>
            <Feedback state={latest} id={feedbackId} retry={retry} />
          </td>
        </tr>
      )}
    </>
  );
}

export function SubmitForm({
  action,
  disabled,
  offSaleLines = 0,
}: {
  action: Action;
  /** No lines: nothing to submit. */
  disabled: boolean;
  /** Lines no longer on sale: the submit would be refused until they are removed (said before the press). */
  offSaleLines?: number;
}) {
  const { state, formAction, settling, meta, form, retry, onSubmit } = useCommand(action, 'submit');
  return (
    <form
      ref={form}
      action={formAction}
      onSubmit={onSubmit}
      aria-label="Submit the order"
      data-focus-after="order-heading"
    >
      {meta}
      <button
        type="submit"
        className="primary"
        {...unlessOff(settling || disabled)}
        aria-describedby={disabled || offSaleLines > 0 ? 'submit-hint submit-feedback' : 'submit-feedback'}
      >
        {settling ? 'Submitting…' : 'Submit order'}
      </button>
      {/* Polite and always there: a line retired while the page is open is announced when the hint appears. */}
      <div aria-live="polite">
        {disabled ? (
          <p id="submit-hint" className="muted small">
            Add at least one item to submit.
          </p>
        ) : (
          offSaleLines > 0 && (
            <p id="submit-hint" className="off-sale small">
              {offSaleLines === 1 ? 'One line is' : `${offSaleLines} lines are`} no longer on sale: remove{' '}
              {offSaleLines === 1 ? 'it' : 'them'} to submit.
            </p>
          )
        )}
      </div>
      <Feedback state={state} id="submit-feedback" retry={retry} />
    </form>
  );
}

/**
 * A command that cannot be undone takes two steps: a button asks, a form sends. `available`: whether the command can
 * still apply (the order as the page shows it now). Returns whether the form is open, `ask` and `close`, and the refs
 * for focus: opening puts it on `first` (the form's first control), closing puts it back on `opener`. A question not
 * yet sent goes when the command no longer applies (the order changed meanwhile); a refused or unanswered send keeps
 * the form open with its message until the user closes it, even once the command no longer applies (the other side
 * of a race learns why its press did nothing). Escape closes it, also when the focus fell to the page's body.
 */
function useTwoSteps(state: CommandState, settling: boolean, available: boolean) {
  const [confirming, setConfirming] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const first = useRef<HTMLInputElement & HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  const [closedAt, setClosedAt] = useState(0);
  const failed = state.status === 'refused' || state.status === 'conflict' || state.status === 'unreachable';
  const open = (confirming && available) || settling || (failed && state.at !== closedAt);
  const close = () => {
    setConfirming(false);
    if (state.status !== 'idle') setClosedAt(state.at);
  };
  useEffect(() => {
    if (open && !wasOpen.current) first.current?.focus();
    if (!open && wasOpen.current && opener.current?.isConnected) opener.current.focus();
    wasOpen.current = open;
  }, [open]);
  useEffect(() => {
    if (!open || settling) return;
    const onKey = (e: KeyboardEvent) => {
      const active = document.activeElement;
      if (e.key === 'Escape' && (active === null || active === document.body)) close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });
  return { open, ask: () => setConfirming(true), close, opener, first };
}

/**
 * The two steps of a command that cannot be undone (see useTwoSteps): a button (`ask`) opens a form that asks
 * `question` and holds `controls` (the first of them gets the focus) while the command still applies, and always
 * the answer and a way back (`back`; "Close" once the command no longer applies).
 */
function TwoStepForm(p: {
  action: Action;
  /** Names the command on the page: its ids (`<name>-question`, `<name>-feedback`) and its command ids. */
  name: string;
  available: boolean;
  ask: string;
  askClass: string;
  zoneClass?: string;
  /** The form's accessible name. */
  label: string;
  formClass: string;
  question: ReactNode;
  back: string;
  controls: (c: {
    first: RefObject<(HTMLInputElement & HTMLButtonElement) | null>;
    settling: boolean;
    describedBy: string;
  }) => ReactNode;
}) {
  const { state, formAction, settling, meta, form, retry, onSubmit } = useCommand(p.action, p.name);
  const { open, ask, close, opener, first } = useTwoSteps(state, settling, p.available);
  const questionId = `${p.name}-question`;
  const feedbackId = `${p.name}-feedback`;
  if (!open) {
    if (!p.available) return null;
    return (
      <div className={p.zoneClass} data-focus-after="order-heading">
        <button ref={opener} type="button" className={p.askClass} onClick={ask}>
          {p.ask}
        </button>
      </div>
    );
  }
  return (
    <form
      ref={form}
      action={formAction}
      onSubmit={onSubmit}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !settling) close();
      }}
      aria-label={p.label}
      data-focus-after="order-heading"
      className={p.formClass}
    >
      {meta}
      {p.available && <p id={questionId}>{p.question}</p>}
      <div className="inline">
        {p.available && p.controls({ first, settling, describedBy: `${questionId} ${feedbackId}` })}
        <button type="button" onClick={close} {...unlessOff(settling)}>
          {p.available ? p.back : 'Close'}
        </button>
      </div>
      <Feedback state={state} id={feedbackId} retry={retry} />
    </form>
  );
}

/**
 * Staff: a confirmed order is on its way. Its reserved units then leave the stock and it can no longer be cancelled,
 * so, like cancelling, it takes two steps: "Mark as shipped…" asks, "Yes, it has shipped" sends ("Not yet" goes
 * back).
 */
export function ShipForm({ action, available }: { action: Action; available: boolean }) {
  return (
    <TwoStepForm
      action={action}
      name="ship"
      available={available}
      ask="Mark as shipped…"
      askClass="primary"
      label="Ship the order"
      formClass="notice"
      question={
        <>
          <strong>Has this order shipped?</strong> Its reserved units leave the stock, and a shipped order can no longer
          be cancelled.
        </>
      }
      back="Not yet"
      controls={({ first, settling, describedBy }) => (
        <button ref={first} type="submit" className="primary" {...unlessOff(settling)} aria-describedby={describedBy}>
          {settling ? 'Shipping…' : 'Yes, it has shipped'}
        </button>
      )}
    />
  );
}

/**
 * Cancelling cannot be undone, so it takes two steps: "Cancel order…" asks, with the reason, and only "Yes, cancel
 * the order" sends the command ("Keep the order" goes back).
 */
export function CancelForm({ action, available }: { action: Action; available: boolean }) {
  const [reason, setReason] = useState(''); // kept when a request gets no answer
  return (
    <TwoStepForm
      action={action}
      name="cancel"
      available={available}
      ask="Cancel order…"
      askClass="danger"
      zoneClass="cancel-zone"
      label="Cancel the order"
      formClass="cancel-zone notice warn"
      question={
        <>
          <strong>Cancel this order?</strong> It cannot be undone: a cancelled order cannot be changed or submitted.
        </>
      }
      back="Keep the order"
      controls={({ first, settling, describedBy }) => (
        <>
          <div className="field">
            <label htmlFor="cancel-reason">Reason (optional)</label>
            <input
              ref={first}
              id="cancel-reason"
              name="reason"
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-describedby={describedBy}
            />
          </div>
          <button type="submit" className="danger" {...unlessOff(settling)} aria-describedby={describedBy}>
            {settling ? 'Cancelling…' : 'Yes, cancel the order'}
          </button>
        </>
      )}
    />
  );
}
