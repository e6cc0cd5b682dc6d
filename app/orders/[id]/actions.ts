'use server';
// The order page's commands: FormData → typed input → lib/write, and back as state for the form.
import { changesSince, commandSavedAt } from '../../../lib/read/orders';
import { isStoreUnavailable } from '../../../lib/web/unavailable';
import { viewer } from '../../../lib/web/viewer';
import { addItem, cancelOrder, changeQuantity, removeItem, shipOrder, submitOrder } from '../../../lib/write/orders';
import { type CommandState, formCommand, intField, notAWholeNumber } from '../commands';

/**
 * Runs an order command from a form; a conflict says who changed what meanwhile, from the order's timeline
 * (changesSince), so that the notice names the change the user's own command met.
 */
const orderCommand = (orderId: string, form: FormData, run: Parameters<typeof formCommand>[1]): Promise<CommandState> =>
  formCommand(form, run, 'order', (actor, expectedVersion) => changesSince(actor, orderId, expectedVersion));

export async function addItemAction(orderId: string, _prev: CommandState, form: FormData): Promise<CommandState> {
  const productId = String(form.get('productId') ?? '');
  if (!productId) return { status: 'refused', message: 'Choose a product to add.', field: 'productId', at: Date.now() };
  const quantity = intField(form, 'quantity');
  if (Number.isNaN(quantity)) return notAWholeNumber();
  return orderCommand(orderId, form, (actor, input) => addItem(actor, { ...input, orderId, productId, quantity }));
}

export async function changeQuantityAction(
  orderId: string,
  productId: string,
  _prev: CommandState,
  form: FormData,
): Promise<CommandState> {
  const quantity = intField(form, 'quantity');
  if (Number.isNaN(quantity)) return notAWholeNumber();
  return orderCommand(orderId, form, (actor, input) =>
    changeQuantity(actor, { ...input, orderId, productId, quantity }),
  );
}

export async function removeItemAction(
  orderId: string,
  productId: string,
  _prev: CommandState,
  form: FormData,
): Promise<CommandState> {
  return orderCommand(orderId, form, (actor, input) => removeItem(actor, { ...input, orderId, productId }));
}

export async function submitOrderAction(orderId: string, _prev: CommandState, form: FormData): Promise<CommandState> {
  return orderCommand(orderId, form, (actor, input) => submitOrder(actor, { ...input, orderId }));
}

export async function cancelOrderAction(orderId: string, _prev: CommandState, form: FormData): Promise<CommandState> {
  const reason = String(form.get('reason') ?? '').trim();
  return orderCommand(orderId, form, (actor, input) => cancelOrder(actor, { ...input, orderId, reason }));
}

export async function shipOrderAction(orderId: string, _prev: CommandState, form: FormData): Promise<CommandState> {
  return orderCommand(orderId, form, (actor, input) => shipOrder(actor, { ...input, orderId }));
}

/**
 * After a command whose answer was lost: the version its first event was saved as, null (not written, or signed
 * out), or 'unknown' (the store is out of reach: ask again later). Reads only.
 */
export async function commandSavedAction(orderId: string, commandId: unknown): Promise<number | null | 'unknown'> {
  if (typeof commandId !== 'string' || commandId.length === 0 || commandId.length > 100) return null;
  try {
    const actor = await viewer(); // the session is in the store of record too
    return actor ? await commandSavedAt(actor, orderId, commandId) : null;
  } catch (error) {
    if (isStoreUnavailable(error)) return 'unknown';
    throw error;
  }
}
