'use server';
// The order page's commands: FormData → typed input → lib/write, and back as state for the form.
import { changesSince } from '../../../lib/read/orders';
import { addItem, cancelOrder, changeQuantity, removeItem, submitOrder } from '../../../lib/write/orders';
import { type CommandState, type ExplainConflict, formCommand, intField, notAWholeNumber } from '../commands';

/** A conflict on this order says who changed what meanwhile, from the order's timeline. */
const explain =
  (orderId: string): ExplainConflict =>
  async (actor, expectedVersion) =>
    (await changesSince(actor, orderId, expectedVersion)).map((c) => ({
      version: c.version,
      actor: c.actor,
      you: c.byViewer,
      summary: c.summary,
    }));

export async function addItemAction(orderId: string, _prev: CommandState, form: FormData): Promise<CommandState> {
  const productId = String(form.get('productId') ?? '');
  if (!productId) return { status: 'refused', message: 'Choose a product to add.', field: 'productId', at: Date.now() };
  const quantity = intField(form, 'quantity');
  if (Number.isNaN(quantity)) return notAWholeNumber();
  return formCommand(
    form,
    (actor, input) => addItem(actor, { ...input, orderId, productId, quantity }),
    'order',
    explain(orderId),
  );
}

export async function changeQuantityAction(
  orderId: string,
  productId: string,
  _prev: CommandState,
  form: FormData,
): Promise<CommandState> {
  const quantity = intField(form, 'quantity');
  if (Number.isNaN(quantity)) return notAWholeNumber();
  return formCommand(
    form,
    (actor, input) => changeQuantity(actor, { ...input, orderId, productId, quantity }),
    'order',
    explain(orderId),
  );
}

export async function removeItemAction(
  orderId: string,
  productId: string,
  _prev: CommandState,
  form: FormData,
): Promise<CommandState> {
  return formCommand(
    form,
    (actor, input) => removeItem(actor, { ...input, orderId, productId }),
    'order',
    explain(orderId),
  );
}

export async function submitOrderAction(orderId: string, _prev: CommandState, form: FormData): Promise<CommandState> {
  return formCommand(form, (actor, input) => submitOrder(actor, { ...input, orderId }), 'order', explain(orderId));
}

export async function cancelOrderAction(orderId: string, _prev: CommandState, form: FormData): Promise<CommandState> {
  const reason = String(form.get('reason') ?? '').trim();
  return formCommand(
    form,
    (actor, input) => cancelOrder(actor, { ...input, orderId, reason }),
    'order',
    explain(orderId),
  );
}
