'use client';
import { useActionState, useEffect, useState } from 'react';
import { type CommandState, idle, nextCommandId } from '../command-state';

interface Product {
  id: string;
  name: string;
  price: string;
  priceCents: number;
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
  const [state, formAction, pending] = useActionState(action, idle);
  const [commandId, setCommandId] = useState(rendered);
  useEffect(() => {
    if (state.status !== 'idle') setCommandId(nextCommandId()); // refused: the corrected form is another command
  }, [state]);
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  /** What a box holds: nothing (blank or 0), a quantity the rules accept, or something they would refuse. */
  const quantityOf = (id: string): 'none' | 'bad' | number => {
    const raw = (quantities[id] ?? '').trim();
    if (raw === '' || raw === '0') return 'none';
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
    <form action={formAction} className="card">
      <input type="hidden" name="commandId" value={commandId} />
      {state.status === 'refused' && (
        <p className="notice error" role="alert">
          {state.message}
        </p>
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
                  </label>
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
