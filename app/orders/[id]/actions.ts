'use server';
// The order page's commands: FormData → command → lib/write, and back as state for the form.
import { type CommandState, intField, runCommand } from '../commands';

export async function addItemAction(orderId: string, _prev: CommandState, form: FormData): Promise<CommandState> {
  const productId = String(form.get('productId') ?? '');
  if (!productId) return { status: 'refused', message: 'Choose a product to add.', field: 'productId', at: Date.now() };
  return runCommand({ type: 'AddItem', data: { orderId, productId, quantity: intField(form, 'quantity') } }, form);
}

export async function changeQuantityAction(
  orderId: string,
  productId: string,
  _prev: CommandState,
  form: FormData,
): Promise<CommandState> {
  return runCommand(
    { type: 'ChangeQuantity', data: { orderId, productId, quantity: intField(form, 'quantity') } },
    form,
  );
}

export async function removeItemAction(
  orderId: string,
  productId: string,
  _prev: CommandState,
  form: FormData,
): Promise<CommandState> {
  return runCommand({ type: 'RemoveItem', data: { orderId, productId } }, form);
}

export async function submitOrderAction(orderId: string, _prev: CommandState, form: FormData): Promise<CommandState> {
  return runCommand({ type: 'SubmitOrder', data: { orderId } }, form);
}

export async function cancelOrderAction(orderId: string, _prev: CommandState, form: FormData): Promise<CommandState> {
  return runCommand({ type: 'CancelOrder', data: { orderId, reason: String(form.get('reason') ?? '').trim() } }, form);
}
