// The Product aggregate: a catalog entry's life (listed, renamed, repriced, retired, relisted) as a decider. Only
// staff manage the catalog. Orders copy a product's name and price into their own events when they add it, so
// changing the catalog never rewrites an order's history.
import { type Actor, assertNever, type Decider, DomainError, fold as domainFold, isPlainLine } from '../domain';
import type { ProductEvent, StoredProductEvent } from './events';
import { readProductEvent } from './events';

export const MAX_PRICE_CENTS = 100_000_000;
export const MAX_NAME_LENGTH = 120;

export type ProductCommand =
  | { type: 'ListProduct'; data: { productId: string; name: string; priceCents: number } }
  /** Any of name, price and whether it is on sale; what is already so changes nothing. */
  | { type: 'UpdateProduct'; data: { productId: string; name?: string; priceCents?: number; active?: boolean } };

export type ProductRuleCode =
  | 'ProductAlreadyListed'
  | 'NameOutOfRange'
  | 'PriceOutOfRange'
  | 'AlreadyRetired'
  | 'NotRetired'
  | 'NothingToChange';

interface Listed {
  productId: string;
  name: string;
  priceCents: number;
  /** Number of events folded: the stream version this state reflects. */
  version: number;
  listedAt: string;
  updatedAt: string;
}

export type ProductState = { status: 'none'; version: 0 } | (Listed & { status: 'on_sale' | 'retired' });

export const initialProduct: ProductState = { status: 'none', version: 0 };

/** What decide may know besides the state: who asks. */
export interface ProductContext {
  actor: Actor;
}

const rule = (code: ProductRuleCode, message: string) => new DomainError('rule', code, message);

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > MAX_NAME_LENGTH) {
    throw rule('NameOutOfRange', `a product name has 1 to ${MAX_NAME_LENGTH} characters (got ${trimmed.length})`);
  }
  // One line of plain text (isPlainLine: an override would reorder the text shown after the name, a price, a total)
  // with something to see: fillers count as letters or symbols but show nothing (Hangul fillers, a blank braille cell).
  if (
    !isPlainLine(trimmed) ||
    !/[\p{L}\p{N}\p{S}\p{P}]/u.test(trimmed.replace(/[\u115f\u1160\u3164\uffa0\u2800]/g, ''))
  ) {
    throw rule('NameOutOfRange', 'a product name is one line of visible text');
  }
  return trimmed;
}

function checkPrice(cents: number): number {
  if (!Number.isInteger(cents) || cents < 0 || cents > MAX_PRICE_CENTS) {
    throw rule('PriceOutOfRange', `a price is a whole number of cents from 0 to ${MAX_PRICE_CENTS} (got ${cents})`);
  }
  return cents;
}

export function decide(cmd: ProductCommand, state: ProductState, ctx: ProductContext): ProductEvent[] {
  // Customers do not manage the catalog; to them this is answered like a product that does not exist.
  if (!ctx.actor.staff) throw new DomainError('forbidden', 'StaffOnly', 'only staff manage the catalog');
  const { productId } = cmd.data;
  switch (cmd.type) {
    case 'ListProduct': {
      if (state.status !== 'none') throw rule('ProductAlreadyListed', `product "${productId}" is already listed`);
      return [
        {
          type: 'ProductListed',
          data: { productId, name: checkName(cmd.data.name), priceCents: checkPrice(cmd.data.priceCents) },
        },
      ];
    }
    case 'UpdateProduct': {
      if (state.status === 'none') {
        throw new DomainError('not_found', 'ProductNotFound', `product "${productId}" does not exist`);
      }
      const { name, priceCents, active } = cmd.data;
      if (name === undefined && priceCents === undefined && active === undefined) {
        throw rule('NothingToChange', 'give at least one of name, priceCents and active');
      }
      const events: ProductEvent[] = [];
      if (name !== undefined) {
        const next = checkName(name);
        if (next !== state.name) events.push({ type: 'ProductRenamed', data: { productId, name: next } });
      }
      if (priceCents !== undefined && checkPrice(priceCents) !== state.priceCents) {
        events.push({ type: 'PriceChanged', data: { productId, fromCents: state.priceCents, toCents: priceCents } });
      }
      if (active === false) {
        if (state.status === 'retired') throw rule('AlreadyRetired', `${state.name} is already retired`);
        events.push({ type: 'ProductRetired', data: { productId } });
      }
      if (active === true) {
        if (state.status === 'on_sale') throw rule('NotRetired', `${state.name} is on sale already`);
        events.push({ type: 'ProductRelisted', data: { productId } });
      }
      return events;
    }
    default:
      return assertNever(cmd);
  }
}

export function evolve(state: ProductState, event: StoredProductEvent): ProductState {
  const at = event.recordedAt;
  if (event.type === 'ProductListed') {
    const { productId, name, priceCents } = event.data;
    return { status: 'on_sale', productId, name, priceCents, version: event.version, listedAt: at, updatedAt: at };
  }
  if (state.status === 'none') return state; // an event of a product never listed cannot change anything
  const next = { ...state, version: event.version, updatedAt: at };
  switch (event.type) {
    case 'ProductRenamed':
      return { ...next, name: event.data.name };
    case 'PriceChanged':
      return { ...next, priceCents: event.data.toCents };
    case 'ProductRetired':
      return { ...next, status: 'retired' };
    case 'ProductRelisted':
      return { ...next, status: 'on_sale' };
    default:
      return assertNever(event);
  }
}

/** Version of the ProductState JSON shape (snapshots); bump it when the state changes shape. */
export const PRODUCT_STATE_SCHEMA_VERSION = 1;

export const productDecider: Decider<ProductCommand, ProductEvent, ProductState, ProductContext> = {
  decide,
  evolve,
  initialState: initialProduct,
};

/** How a product's stream is folded: `evolve` over events read into their current shape. */
export const productStreamFolder = {
  initialState: initialProduct,
  evolve,
  read: readProductEvent,
  stateSchemaVersion: PRODUCT_STATE_SCHEMA_VERSION,
};

export const foldProduct = (events: Iterable<StoredProductEvent>, from: ProductState = initialProduct) =>
  domainFold(productDecider, events, from);
