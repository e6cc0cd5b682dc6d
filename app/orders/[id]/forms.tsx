'use client';
// The order page's forms. Each sends a command id (the same until it is answered, so a re-posted form is written
// once) and the version the page knows of (OrderLive runs the page's commands one at a time, so a quick second change
// acts on the first one's result), and shows its outcome next to itself until the user dismisses it.
import { type ReactNode, useActionState, useEffect, useState } from 'react';
import { type CommandState, idle, nextCommandId } from '../command-state';
import { useLive } from './OrderLive';

type Action = (prev: CommandState, form: FormData) => Promise<CommandState>;

/** `name` tells the page's forms apart: the first command id is the page's render seed plus the name. */
function useCommand(action: Action, name: string) {
  const live = useLive();
  const queued: Action = (prev, form) =>
    live.run(async (expectedVersion) => {
      form.set('expectedVersion', String(expectedVersion));
      const next = await action(prev, form);
      if (next.status === 'saved') live.saved(next.version); // before the next queued command reads the version
      return next;
    });
  const [state, formAction, pending] = useActionState(queued, idle);
  const [commandId, setCommandId] = useState(() => `${live.seed}.${name}`);
  useEffect(() => {
    if (state.status === 'idle') return;
    setCommandId(nextCommandId()); // answered: the next submission is another command
  }, [state]);
  const meta = <input type="hidden" name="commandId" value={commandId} />;
  return { state, formAction, pending, live, meta };
}

/** A form's outcome: a refusal or a conflict stays until dismissed (or until the form is sent again). */
function Feedback({ state, id }: { state: CommandState; id: string }) {
  const live = useLive();
  const [dismissed, setDismissed] = useState(0);
  if (state.status === 'idle' || state.status === 'saved' || state.at === dismissed) return null;
  const dismiss = (
    <button type="button" className="link" onClick={() => setDismissed(state.at)}>
      Dismiss
    </button>
  );
  if (state.status === 'refused') {
    return (
      <div id={id} className="notice error" role="alert">
        <p>{state.message}</p>
        {dismiss}
      </div>
    );
  }
  return (
    <div id={id} className="notice warn" role="alert">
      <p>{state.message}</p>
      {state.changes && state.changes.length > 0 && (
        <ul className="changes">
          {state.changes.map((c) => (
            <li key={c.version}>
              <bdi>{c.you ? 'You (in another tab or device)' : (c.actor ?? 'Someone')}</bdi>: <bdi>{c.summary}</bdi>{' '}
              <span className="muted small">v{c.version}</span>
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

export function AddItemForm({ action, products }: { action: Action; products: { id: string; label: string }[] }) {
  const { state, formAction, pending, meta } = useCommand(action, 'add');
  return (
    <form action={formAction} aria-label="Add a product">
      {meta}
      <div className="inline">
        <div className="field">
          <label htmlFor="add-product">Product</label>
          <select id="add-product" name="productId" defaultValue="" aria-describedby="add-feedback">
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
            step={1}
            defaultValue={1}
            aria-describedby="add-feedback"
          />
        </div>
        <button type="submit" className="primary" disabled={pending}>
          {pending ? 'Adding…' : 'Add'}
        </button>
      </div>
      <Feedback state={state} id="add-feedback" />
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
  changeAction: Action;
  removeAction: Action;
}) {
  const change = useCommand(changeAction, `change.${line}`);
  const remove = useCommand(removeAction, `remove.${line}`);
  // What the user typed stays in the box while the change is saved and the view catches up; a new quantity from the
  // server (this change arriving, or someone else's) starts the box again from it.
  const [draft, setDraft] = useState({ from: quantity, value: String(quantity) });
  const value = draft.from === quantity ? draft.value : String(quantity);
  const feedbackId = `line-${line}-feedback`;
  const latest =
    change.state.status !== 'idle' && change.state.at >= (remove.state.status !== 'idle' ? remove.state.at : 0)
      ? change.state
      : remove.state;
  const showFeedback = latest.status === 'refused' || latest.status === 'conflict';
  return (
    <>
      <tr>
        <td className="text">
          <bdi>{name}</bdi>
        </td>
        <td className="num">{unitPrice}</td>
        <td className="num">
          <div className="line-controls">
            <form action={change.formAction} aria-label={`Change the quantity of ${name}`}>
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
                max={maxQuantity}
                step={1}
                value={value}
                onChange={(e) => setDraft({ from: quantity, value: e.target.value })}
                aria-describedby={showFeedback ? feedbackId : undefined}
              />
              <button type="submit" disabled={change.pending}>
                Update
              </button>
            </form>
            <form action={remove.formAction} aria-label={`Remove ${name}`}>
              {remove.meta}
              <button type="submit" className="danger" disabled={remove.pending} aria-label={`Remove ${name}`}>
                Remove
              </button>
            </form>
          </div>
        </td>
        <td className="num">{lineTotal}</td>
      </tr>
      {showFeedback && (
        <tr className="line-message" aria-label={`About ${name}`}>
          <td colSpan={4}>
            <Feedback state={latest} id={feedbackId} />
          </td>
        </tr>
      )}
    </>
  );
}

export function SubmitForm({ action, disabled }: { action: Action; disabled: boolean }) {
  const { state, formAction, pending, meta } = useCommand(action, 'submit');
  return (
    <form action={formAction} aria-label="Submit the order">
      {meta}
      <button type="submit" className="primary" disabled={pending || disabled} aria-describedby="submit-feedback">
        {pending ? 'Submitting…' : 'Submit order'}
      </button>
      {disabled && <p className="muted small">Add at least one item to submit.</p>}
      <Feedback state={state} id="submit-feedback" />
    </form>
  );
}

/**
 * Cancelling cannot be undone, so it takes two steps: "Cancel order…" asks, with the reason, and only "Yes, cancel
 * the order" sends the command ("Keep the order" goes back).
 */
export function CancelForm({ action }: { action: Action }) {
  const { state, formAction, pending, meta } = useCommand(action, 'cancel');
  const [confirming, setConfirming] = useState(false);
  if (!confirming && state.status !== 'refused' && state.status !== 'conflict') {
    return (
      <div className="cancel-zone">
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Cancel order…
        </button>
      </div>
    );
  }
  return (
    <form action={formAction} aria-label="Cancel the order" className="cancel-zone notice warn">
      {meta}
      <p>
        <strong>Cancel this order?</strong> It cannot be undone: a cancelled order cannot be changed or submitted.
      </p>
      <div className="inline">
        <div className="field">
          <label htmlFor="cancel-reason">Reason (optional)</label>
          <input id="cancel-reason" name="reason" maxLength={500} aria-describedby="cancel-feedback" />
        </div>
        <button type="submit" className="danger" disabled={pending}>
          {pending ? 'Cancelling…' : 'Yes, cancel the order'}
        </button>
        <button type="button" onClick={() => setConfirming(false)} disabled={pending}>
          Keep the order
        </button>
      </div>
      <Feedback state={state} id="cancel-feedback" />
    </form>
  );
}
