'use client';
import { useRouter } from 'next/navigation';
import { type FormEvent, startTransition, useActionState, useCallback, useEffect, useRef, useState } from 'react';
import { unlessOff } from '../../_components/unlessOff';
import { useLeaveWarning } from '../../_components/useLeaveWarning';
import { type CommandState, changedSubmissionId, idle, nextCommandId, UNREACHABLE_MESSAGE } from '../command-state';
import { useCommandLookup } from '../useCommandLookup';

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
  created,
  locale,
  commandId: rendered,
  maxQuantity,
}: {
  products: Product[];
  action: (prev: CommandState, form: FormData) => Promise<CommandState>;
  /** The server's answer to "did my create with this command id make an order?": its id, null, or 'unknown'. */
  created: (commandId: string) => Promise<string | null | 'unknown'>;
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
  // An answer lost on the way back (or a store too slow to answer) does not mean no order was made: the page asks
  // (useCommandLookup), saying it is checking until the first answer. Made: it opens the order, as a create that was
  // answered does; otherwise a changed form would be another command, and a second order.
  const router = useRouter();
  const lostAt = state.status === 'unreachable' ? state.at : 0;
  const ask = useCallback(() => created(commandId), [created, commandId]);
  const { found, checking } = useCommandLookup(lostAt, ask);
  useEffect(() => {
    if (found !== null) router.push(`/orders/${found}`);
  }, [found, router]);
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
  // A product can leave the list while its quantity is typed (staff retired it; the page refreshed): its quantity goes
  // too, and the form says so, instead of a total that silently drops (or, on a relist, a quantity coming back).
  const [gone, setGone] = useState<string[]>([]);
  const names = useRef(new Map<string, string>());
  for (const p of products) names.current.set(p.id, p.name);
  const shownIds = products.map((p) => p.id).join('\n');
  useEffect(() => {
    const shown = new Set(shownIds.split('\n'));
    const dropped = Object.keys(quantities).filter((id) => !shown.has(id));
    if (dropped.length === 0) return;
    setQuantities((q) => Object.fromEntries(Object.entries(q).filter(([id]) => shown.has(id))));
    const typed = dropped.filter((id) => !/^0*$/.test((quantities[id] ?? '').trim()));
    if (typed.length > 0) setGone((g) => [...g, ...typed.map((id) => names.current.get(id) ?? id)]);
  }, [shownIds, quantities]);
  // The focus was in the row that went: it goes to the notice that says why, not to the page's body.
  const goneNotice = useRef<HTMLDivElement>(null);
  const anyGone = gone.length > 0;
  useEffect(() => {
    const active = document.activeElement;
    if (anyGone && (active === null || active === document.body)) goneNotice.current?.focus({ preventScroll: true });
  }, [anyGone]);
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
      {checking && (
        <p className="notice" role="status">
          No answer came back: checking whether your order was created…
        </p>
      )}
      {(state.status === 'refused' || (state.status === 'unreachable' && !checking && found === null)) && (
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
      {gone.length > 0 && (
        <div className="notice warn" role="status" tabIndex={-1} ref={goneNotice}>
          <p>
            <bdi>{gone.join(', ')}</bdi> {gone.length === 1 ? 'is' : 'are'} no longer on sale: taken out of this order.
          </p>
          <button
            type="button"
            className="link"
            onClick={() => {
              setGone([]);
              form.current?.querySelector<HTMLInputElement>('input[type="number"]')?.focus();
            }}
          >
            Dismiss
          </button>
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
        <button type="submit" className="primary" {...unlessOff(pending)}>
          {pending ? 'Creating…' : 'Create order'}
        </button>
      </p>
    </form>
  );
}
