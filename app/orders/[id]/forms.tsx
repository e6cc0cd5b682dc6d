'use client';
// The order page's forms. Each sends the version it was rendered at (a stale one answers "changed in the
// meantime" and offers the fresh state) and a command id (the same until it is answered, so a re-posted form is
// written once), and shows its outcome next to itself.
import { useActionState, useEffect, useState } from 'react';
import { type CommandState, idle, nextCommandId } from '../command-state';
import { useLive } from './OrderLive';

type Action = (prev: CommandState, form: FormData) => Promise<CommandState>;

/** `name` tells the page's forms apart: the first command id is the page's render seed plus the name. */
function useCommand(action: Action, name: string) {
  const live = useLive();
  const [state, formAction, pending] = useActionState(action, idle);
  const [commandId, setCommandId] = useState(() => `${live.seed}.${name}`);
  useEffect(() => {
    if (state.status === 'idle') return;
    setCommandId(nextCommandId()); // answered: the next submission is another command
    if (state.status === 'saved') live.saved(state.version);
  }, [state, live.saved]);
  const meta = (
    <>
      <input type="hidden" name="expectedVersion" value={live.rendered} />
      <input type="hidden" name="commandId" value={commandId} />
    </>
  );
  return { state, formAction, pending, live, meta };
}

function Feedback({ state, id }: { state: CommandState; id: string }) {
  const live = useLive();
  if (state.status === 'refused') {
    return (
      <p id={id} className="field-error" role="alert">
        {state.message}
      </p>
    );
  }
  if (state.status === 'conflict' && live.rendered < state.currentVersion) {
    return (
      <div id={id} className="notice warn" role="alert">
        <p>{state.message}</p>
        <button type="button" onClick={live.refresh}>
          Show the latest
        </button>
      </div>
    );
  }
  return null;
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

export function LineControls({
  line,
  name,
  productId,
  quantity,
  changeAction,
  removeAction,
}: {
  /** The line's place on the order (names its forms' first command ids: short, whatever the product id). */
  line: number;
  name: string;
  productId: string;
  quantity: number;
  changeAction: Action;
  removeAction: Action;
}) {
  const change = useCommand(changeAction, `change.${line}`);
  const remove = useCommand(removeAction, `remove.${line}`);
  const feedbackId = `line-${productId}-feedback`;
  return (
    <>
      <div className="line-controls">
        <form action={change.formAction} aria-label={`Change the quantity of ${name}`}>
          {change.meta}
          <label className="visually-hidden" htmlFor={`qty-${productId}`}>
            Quantity of {name}
          </label>
          <input
            key={quantity}
            id={`qty-${productId}`}
            name="quantity"
            type="number"
            inputMode="numeric"
            step={1}
            defaultValue={quantity}
            aria-describedby={feedbackId}
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
      <Feedback
        state={
          change.state.status !== 'idle' && change.state.at >= (remove.state.status !== 'idle' ? remove.state.at : 0)
            ? change.state
            : remove.state
        }
        id={feedbackId}
      />
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

export function CancelForm({ action }: { action: Action }) {
  const { state, formAction, pending, meta } = useCommand(action, 'cancel');
  return (
    <form action={formAction} aria-label="Cancel the order">
      {meta}
      <div className="inline">
        <div className="field">
          <label htmlFor="cancel-reason">Reason (optional)</label>
          <input id="cancel-reason" name="reason" maxLength={500} aria-describedby="cancel-feedback" />
        </div>
        <button type="submit" className="danger" disabled={pending}>
          {pending ? 'Cancelling…' : 'Cancel order'}
        </button>
      </div>
      <Feedback state={state} id="cancel-feedback" />
    </form>
  );
}
