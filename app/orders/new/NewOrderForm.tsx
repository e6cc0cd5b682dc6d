'use client';
import { type FormEvent, startTransition, useActionState, useEffect, useRef, useState } from 'react';
import { useLeaveWarning } from '../../_components/useLeaveWarning';
import { type CommandState, changedSubmissionId, idle, nextCommandId, UNREACHABLE_MESSAGE } from '../command-state';

interface Product {
  id: string;
  name: string;
  price: string;
  priceCents: number;
  /** What the shopper is told of its stock (from the read model, live). */
  availability: { text: string; level: 'in' | 'low' | 'out' };
}

export function NewOrderForm({
  products,
  action,
  locale,
  commandId: rendered,
  maxQuantity,
}: {
  products: Product[];
  action: (prev: CommandState, form: FormData) => Promise<CommandState>;
  locale: string;
  /** Made when the page was rendered: posting this form again creates the same order, not a second one. */
  commandId: string;
  /** The most a line may hold (the rule's): the total counts only quantities the rules accept. */
  maxQuantity: number;
}) {
  // A request that gets no answer (offline, the server down) is said in place; the quantities stay for "Try again".
  const safeAction = async (prev: CommandState, data: FormData): Promise<CommandState> => {
    try {
      return await action(prev, data);
    } catch (error) {
      // A redirect (the order was created) is how a server action navigates: let it through.
      if (error instanceof Error && /NEXT_REDIRECT/.test(error.message + String((error as { digest?: string }).digest)))
        throw error;
      return { status: 'unreachable', message: UNREACHABLE_MESSAGE, at: Date.now() };
    }
  };
  const [state, formAction, pending] = useActionState(safeAction, idle);
  useLeaveWarning(state.status === 'unreachable');
  const [commandId, setCommandId] = useState(rendered);
  const form = useRef<HTMLFormElement>(null);
  // What the last submission carried: a retry of the same is the same command (one order); anything else a new one.
  const sent = useRef<string | null>(null);
  useEffect(() => {
    if (state.status === 'idle' || state.status === 'unreachable') return;
    setCommandId(nextCommandId()); // refused: the corrected form is another command
    sent.current = null;
  }, [state]);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault(); // sent by hand, so that React does not clear the quantities afterwards
    const data = new FormData(e.currentTarget);
    const fresh = changedSubmissionId(data, sent);
    if (fresh) {
      data.set('commandId', fresh);
      setCommandId(fresh);
    }
    startTransition(() => formAction(data));
  };
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  /** What a box holds: nothing (blank or 0), a quantity the rules accept, or something they would refuse. */
  const quantityOf = (id: string): 'none' | 'bad' | number => {
    const raw = (quantities[id] ?? '').trim();
    if (raw === '' || /^0+$/.test(raw)) return 'none';
    const q = Number(raw);
    return /^\d+$/.test(raw) && q >= 1 && q <= maxQuantity ? q : 'bad';
  };
  const total = products.reduce((sum, p) => {
    const q = quantityOf(p.id);
    return sum + (typeof q === 'number' ? q * p.priceCents : 0);
  }, 0);
  const anyBad = products.some((p) => quantityOf(p.id) === 'bad');
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' });
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="card">
      <input type="hidden" name="commandId" value={commandId} />
      {(state.status === 'refused' || state.status === 'unreachable') && (
        <div className="notice error" role="alert">
          <p>{state.message}</p>
          {state.status === 'unreachable' && (
            <div className="inline">
              <button type="button" onClick={() => form.current?.requestSubmit()}>
                Try again
              </button>
            </div>
          )}
        </div>
      )}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col" className="num">
                Price
              </th>
              <th scope="col" className="num">
                Quantity
              </th>
            </tr>
          </thead>
          <tbody>
            {products.map((p) => (
              <tr key={p.id}>
                <td>
                  <label htmlFor={`qty-${p.id}`} style={{ fontWeight: 400, margin: 0 }}>
                    {p.name}
                  </label>{' '}
                  <span className={`stock ${p.availability.level}`} data-testid={`stock-${p.id}`}>
                    {p.availability.text}
                  </span>
                </td>
                <td className="num">{p.price}</td>
                <td className="num">
                  <input type="hidden" name="productId" value={p.id} />
                  <input
                    id={`qty-${p.id}`}
                    name={`qty:${p.id}`}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={maxQuantity}
                    step={1}
                    aria-invalid={quantityOf(p.id) === 'bad'}
                    aria-describedby={quantityOf(p.id) === 'bad' ? 'qty-rule' : undefined}
                    placeholder="0"
                    value={quantities[p.id] ?? ''}
                    onChange={(e) => setQuantities((q) => ({ ...q, [p.id]: e.target.value }))}
                  />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={2}>Total</td>
              <td className="num" aria-live="polite">
                {format.format(total / 100)}
              </td>
            </tr>
            {anyBad && (
              <tr>
                <td colSpan={3}>
                  <p id="qty-rule" className="field-error">
                    A quantity is a whole number from 1 to {maxQuantity}; the total leaves out the ones that are not.
                  </p>
                </td>
              </tr>
            )}
          </tfoot>
        </table>
      </div>
      <p className="inline" style={{ marginTop: '1rem' }}>
        <button type="submit" className="primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create order'}
        </button>
      </p>
    </form>
  );
}
