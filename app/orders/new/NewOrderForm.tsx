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
}: {
  products: Product[];
  action: (prev: CommandState, form: FormData) => Promise<CommandState>;
  locale: string;
  /** Made when the page was rendered: posting this form again creates the same order, not a second one. */
  commandId: string;
}) {
  const [state, formAction, pending] = useActionState(action, idle);
  const [commandId, setCommandId] = useState(rendered);
  useEffect(() => {
    if (state.status !== 'idle') setCommandId(nextCommandId()); // refused: the corrected form is another command
  }, [state]);
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const total = products.reduce((sum, p) => {
    const q = Number(quantities[p.id] ?? 0);
    return sum + (Number.isInteger(q) && q > 0 ? q * p.priceCents : 0);
  }, 0);
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
                    step={1}
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
