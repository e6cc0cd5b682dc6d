'use client';
// The catalog's forms. Each sends a command id (the same until answered, so a re-posted form writes once) and, when
// changing a product, the version it was rendered at.
import { useEffect, useState } from 'react';
import { unlessOff } from '../../_components/unlessOff';
import { useKeptForm } from '../../_components/useKeptForm';
import { useGuardedRefresh } from '../../_live/socket';
import { type CommandState, idle, nextCommandId, UNREACHABLE_MESSAGE } from '../../orders/command-state';

type Action = (prev: CommandState, form: FormData) => Promise<CommandState>;

const savedState = (s: CommandState) => s.status === 'saved';

function useCatalogForm(action: Action, firstId: string) {
  const refresh = useGuardedRefresh();
  const { state, pending, onSubmit } = useKeptForm(
    action,
    idle,
    (): CommandState => ({ status: 'unreachable', message: UNREACHABLE_MESSAGE, at: Date.now() }),
    savedState,
  );
  const [commandId, setCommandId] = useState(firstId);
  useEffect(() => {
    // Unanswered: a retry is the same command (written at most once); answered: the next one is another.
    if (state.status === 'idle' || state.status === 'unreachable') return;
    setCommandId(nextCommandId());
    if (state.status === 'saved') void refresh();
  }, [state, refresh]);
  return { state, onSubmit, pending, commandId };
}

function Outcome({ state, id, saved }: { state: CommandState; id: string; saved: string }) {
  if (state.status === 'refused' || state.status === 'conflict' || state.status === 'unreachable') {
    return (
      <p id={id} className="field-error" role="alert">
        {state.message}
      </p>
    );
  }
  if (state.status === 'saved') {
    return (
      <p id={id} className="muted small" role="status">
        {saved} (version {state.version}).
      </p>
    );
  }
  return null;
}

export function NewProductForm({ action, commandId: first }: { action: Action; commandId: string }) {
  const { state, onSubmit, pending, commandId } = useCatalogForm(action, first);
  return (
    <form onSubmit={onSubmit} aria-label="Add a product">
      <input type="hidden" name="commandId" value={commandId} />
      <div className="inline">
        <div className="field">
          <label htmlFor="new-id">Id</label>
          <input
            id="new-id"
            name="id"
            required
            maxLength={64}
            pattern="[a-z0-9][a-z0-9\-]{0,63}"
            placeholder="e.g. oat-milk"
          />
        </div>
        <div className="field">
          <label htmlFor="new-name">Name</label>
          <input id="new-name" name="name" required maxLength={120} />
        </div>
        <div className="field">
          <label htmlFor="new-price">Price ($)</label>
          <input id="new-price" name="price" required inputMode="decimal" placeholder="12.50" />
        </div>
        <button type="submit" className="primary" {...unlessOff(pending)}>
          {pending ? 'Adding…' : 'Add product'}
        </button>
      </div>
      <Outcome state={state} id="new-product-outcome" saved="Listed" />
    </form>
  );
}

export function EditProductForm({
  action,
  commandId: first,
  version,
  name,
  price,
  active,
}: {
  action: Action;
  commandId: string;
  version: number;
  name: string;
  price: string;
  active: boolean;
}) {
  const { state, onSubmit, pending, commandId } = useCatalogForm(action, first);
  return (
    <form onSubmit={onSubmit} aria-label="Change the product">
      <input type="hidden" name="commandId" value={commandId} />
      <input type="hidden" name="expectedVersion" value={version} />
      <div className="inline">
        <div className="field">
          <label htmlFor="edit-name">Name</label>
          <input id="edit-name" name="name" defaultValue={name} key={`n${version}`} maxLength={120} />
        </div>
        <div className="field">
          <label htmlFor="edit-price">Price ($)</label>
          <input id="edit-price" name="price" defaultValue={price} key={`p${version}`} inputMode="decimal" />
        </div>
        <button type="submit" name="change" value="save" className="primary" {...unlessOff(pending)}>
          Save
        </button>
        {active ? (
          <button type="submit" name="change" value="retire" className="danger" {...unlessOff(pending)}>
            Retire
          </button>
        ) : (
          <button type="submit" name="change" value="relist" {...unlessOff(pending)}>
            Relist
          </button>
        )}
      </div>
      <Outcome state={state} id="edit-product-outcome" saved="Saved" />
    </form>
  );
}

/** Staff record units received, and correct the count with a signed quantity and a reason. */
export function StockForms({
  receive,
  adjust,
  commandIds,
}: {
  receive: Action;
  adjust: Action;
  commandIds: [string, string];
}) {
  const received = useCatalogForm(receive, commandIds[0]);
  const corrected = useCatalogForm(adjust, commandIds[1]);
  return (
    <div className="grid">
      <form onSubmit={received.onSubmit} aria-label="Receive stock">
        <input type="hidden" name="commandId" value={received.commandId} />
        <div className="inline">
          <div className="field">
            <label htmlFor="receive-quantity">Units received</label>
            <input
              id="receive-quantity"
              name="quantity"
              type="number"
              inputMode="numeric"
              min={1}
              max={1_000_000}
              step={1}
              required
            />
          </div>
          <button type="submit" className="primary" {...unlessOff(received.pending)}>
            {received.pending ? 'Recording…' : 'Receive'}
          </button>
        </div>
        <Outcome state={received.state} id="receive-outcome" saved="Recorded" />
      </form>
      <form onSubmit={corrected.onSubmit} aria-label="Correct the count">
        <input type="hidden" name="commandId" value={corrected.commandId} />
        <div className="inline">
          <div className="field">
            <label htmlFor="adjust-quantity">Change (e.g. -2 or +5)</label>
            {/* Text, not a number box: a number box drops a typographic minus (−2, from a paste or an IME) and sends
                2, turning a correction's sign over without a word. The server reads -, − and + alike. */}
            <input
              id="adjust-quantity"
              name="quantity"
              type="text"
              autoComplete="off"
              spellCheck={false}
              maxLength={12}
              required
            />
          </div>
          <div className="field">
            <label htmlFor="adjust-reason">Reason</label>
            <input id="adjust-reason" name="reason" required maxLength={200} placeholder="two broken in transit" />
          </div>
          <button type="submit" {...unlessOff(corrected.pending)}>
            {corrected.pending ? 'Recording…' : 'Correct'}
          </button>
        </div>
        <Outcome state={corrected.state} id="adjust-outcome" saved="Corrected" />
      </form>
    </div>
  );
}
