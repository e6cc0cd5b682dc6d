'use server';
// Staff manage the catalog: FormData → typed input → lib/write/catalog, and back as state for the form. Anyone but
// staff is refused by the Product decider, which the form shows as a product that does not exist.
import { centsFromDollars } from '../../../lib/web/format';
import { listProduct, updateProduct } from '../../../lib/write/catalog';
import { adjustStock, receiveStock } from '../../../lib/write/stock';
import { type CommandState, formCommand } from '../../orders/commands';

/** A price typed in dollars ("12.5", "12.50", "1,200") as integer cents, or NaN (the rules then refuse it). */
const priceField = (form: FormData) => centsFromDollars(String(form.get('price') ?? ''));

const PRICE_HELP = 'Enter the price in dollars, like 12.50 (at most two decimals).';

export async function listProductAction(_prev: CommandState, form: FormData): Promise<CommandState> {
  if (Number.isNaN(priceField(form))) return { status: 'refused', message: PRICE_HELP, at: Date.now() };
  const productId = String(form.get('id') ?? '').trim();
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(productId)) {
    return {
      status: 'refused',
      message: 'An id is 1 to 64 of a-z, 0-9 and -, starting with a letter or digit.',
      at: Date.now(),
    };
  }
  const name = String(form.get('name') ?? '');
  return formCommand(
    form,
    (actor, { commandId }) => listProduct(actor, { productId, name, priceCents: priceField(form), commandId }),
    'product',
  );
}

export async function updateProductAction(
  productId: string,
  _prev: CommandState,
  form: FormData,
): Promise<CommandState> {
  const change = String(form.get('change') ?? '');
  if (change === 'save' && Number.isNaN(priceField(form))) {
    return { status: 'refused', message: PRICE_HELP, at: Date.now() };
  }
  const patch =
    change === 'retire'
      ? { active: false }
      : change === 'relist'
        ? { active: true }
        : { name: String(form.get('name') ?? ''), priceCents: priceField(form) };
  return formCommand(form, (actor, input) => updateProduct(actor, { ...input, productId, ...patch }), 'product');
}

const QUANTITY_HELP = 'Enter a whole number of units.';
/** A whole number typed in a form (signs allowed), or NaN. */
const wholeNumber = (form: FormData) => {
  const text = String(form.get('quantity') ?? '')
    .trim()
    .replace(/^[\u2212\u2013\ufe63\uff0d]/, '-'); // a minus sign, an en dash, a small or full-width hyphen-minus
  return /^[+-]?\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
};

export async function receiveStockAction(
  productId: string,
  _prev: CommandState,
  form: FormData,
): Promise<CommandState> {
  const quantity = wholeNumber(form);
  if (Number.isNaN(quantity)) return { status: 'refused', message: QUANTITY_HELP, at: Date.now() };
  return formCommand(form, (actor, input) => receiveStock(actor, { ...input, productId, quantity }), 'stock');
}

export async function adjustStockAction(productId: string, _prev: CommandState, form: FormData): Promise<CommandState> {
  const quantity = wholeNumber(form);
  if (Number.isNaN(quantity)) return { status: 'refused', message: QUANTITY_HELP, at: Date.now() };
  const reason = String(form.get('reason') ?? '');
  return formCommand(form, (actor, input) => adjustStock(actor, { ...input, productId, quantity, reason }), 'stock');
}
