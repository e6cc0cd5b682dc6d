'use server';
import { randomUUID } from 'node:crypto';
import { redirect } from 'next/navigation';
import { waitForVersion } from '../../../lib/read/queries';
import { runtime } from '../../../lib/runtime';
import { type CommandState, runCommand } from '../commands';

export async function createOrderAction(_prev: CommandState, form: FormData): Promise<CommandState> {
  // A blank or zero quantity means "not this one"; anything else goes to the rules as typed.
  const items = form
    .getAll('productId')
    .map(String)
    .flatMap((productId) => {
      const raw = String(form.get(`qty:${productId}`) ?? '').trim();
      return raw === '' || raw === '0' ? [] : [{ productId, quantity: Number(raw) }];
    });
  const orderId = randomUUID();
  const state = await runCommand({ type: 'CreateOrder', data: { orderId, items } }, form);
  if (state.status !== 'saved') return state;
  // Read your own write: open the order once the read model shows it (or after 5 s, when the page says it is catching up).
  const rt = runtime();
  await waitForVersion(rt.db, rt.notifier, orderId, state.version, 5000);
  redirect(`/orders/${orderId}`);
}
