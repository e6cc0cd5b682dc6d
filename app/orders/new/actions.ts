'use server';
import { redirect } from 'next/navigation';
import { commandSavedAt, untilProjected } from '../../../lib/read/orders';
import { isStoreUnavailable } from '../../../lib/web/unavailable';
import { viewer } from '../../../lib/web/viewer';
import { createOrder, newOrderId } from '../../../lib/write/orders';
import { type CommandState, formCommand, intField, notAWholeNumber } from '../commands';

export async function createOrderAction(_prev: CommandState, form: FormData): Promise<CommandState> {
  // A blank or zero quantity means "not this one"; anything else goes to the rules as typed.
  const items = form
    .getAll('productId')
    .map(String)
    .flatMap((productId) => {
      const raw = String(form.get(`qty:${productId}`) ?? '').trim();
      return raw === '' || /^0+$/.test(raw) ? [] : [{ productId, quantity: intField(form, `qty:${productId}`) }];
    });
  if (items.some((i) => Number.isNaN(i.quantity))) return notAWholeNumber();
  let orderId = '';
  const state = await formCommand(form, async (actor, input) => {
    // The order's id derives from the form's command id: posting the same form again finds the same order.
    const result = await createOrder(actor, { commandId: input.commandId, items });
    orderId = result.orderId;
    return result;
  });
  if (state.status !== 'saved') return state;
  // Read your own write: open the order once the read model shows it (or after 5 s, when the page says it is catching up).
  await untilProjected(orderId, state.version, 5000);
  redirect(`/orders/${orderId}`);
}

/**
 * After a create whose answer was lost: the id of the order it created, null (not created, or signed out), or
 * 'unknown' (the store is out of reach: ask again later). Reads only.
 */
export async function orderCreatedAction(commandId: unknown): Promise<string | null | 'unknown'> {
  if (typeof commandId !== 'string' || commandId.length === 0 || commandId.length > 100) return null;
  try {
    const actor = await viewer();
    if (!actor) return null;
    const orderId = newOrderId(actor, commandId);
    return (await commandSavedAt(actor, orderId, commandId)) === null ? null : orderId;
  } catch (error) {
    if (isStoreUnavailable(error)) return 'unknown';
    throw error;
  }
}
