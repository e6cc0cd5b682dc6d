// The Product aggregate, given/when/then: given past events, when a command, then new events or a refusal.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../domain';
import type { ProductEvent } from './events';
import { decide, foldProduct, MAX_NAME_LENGTH, MAX_PRICE_CENTS, type ProductCommand } from './product';

const staff: Actor = { id: 'sam', staff: true };
const customer: Actor = { id: 'ann', staff: false };
const ID = 'mug';

const stored = (events: ProductEvent[]) =>
  events.map((e, i) => ({ ...e, version: i + 1, recordedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }));

function given(history: ProductEvent[]) {
  return {
    when(command: ProductCommand, actor = staff) {
      const run = () => decide(command, foldProduct(stored(history)), { actor });
      return {
        // biome-ignore lint/suspicious/noThenProperty: given/when/then reads as the spec; this object is never awaited
        then: (expected: ProductEvent[]) => expect(run()).toEqual(expected),
        thenFails(kind: 'rule' | 'not_found' | 'forbidden', code: string) {
          expect(run).toThrow(expect.objectContaining({ kind, code }));
        },
      };
    },
  };
}

const listed = (name = 'Stoneware mug', priceCents = 1800): ProductEvent => ({
  type: 'ProductListed',
  data: { productId: ID, name, priceCents },
});
const list = (name = 'Stoneware mug', priceCents = 1800): ProductCommand => ({
  type: 'ListProduct',
  data: { productId: ID, name, priceCents },
});
const update = (patch: { name?: string; priceCents?: number; active?: boolean }): ProductCommand => ({
  type: 'UpdateProduct',
  data: { productId: ID, ...patch },
});
const retired: ProductEvent = { type: 'ProductRetired', data: { productId: ID } };

describe('a product not listed yet', () => {
  it('is listed with its name trimmed and its price', () =>
    given([]).when(list('  Stoneware mug  ', 1800)).then([listed()]));
  it.each([
    ['an empty name', '   ', 1800, 'NameOutOfRange'],
    ['a name of 121 characters', 'x'.repeat(MAX_NAME_LENGTH + 1), 1800, 'NameOutOfRange'],
    ['a name with a line break', 'Mug\nbig', 1800, 'NameOutOfRange'],
    ['a name with a NUL', 'Mug\u0000', 1800, 'NameOutOfRange'],
    ['a name of only invisible characters', '\u200b\u200b', 1800, 'NameOutOfRange'],
    ['a name of a Hangul filler', '\u3164', 1800, 'NameOutOfRange'],
    ['a name of blank braille cells', '\u2800\u2800', 1800, 'NameOutOfRange'],
    ['a name with a right-to-left override', 'Mug \u202e', 1800, 'NameOutOfRange'],
    ['a name with an isolate', 'Mug \u2066x\u2069', 1800, 'NameOutOfRange'],
    ['a negative price', 'Mug', -1, 'PriceOutOfRange'],
    ['a price in fractions of a cent', 'Mug', 12.5, 'PriceOutOfRange'],
    ['a price over a million dollars', 'Mug', MAX_PRICE_CENTS + 1, 'PriceOutOfRange'],
  ])('refuses %s', (_, name, price, code) => given([]).when(list(name, price)).thenFails('rule', code));
  it('accepts the limits: a 120-character name, a price of 0 and of exactly a million dollars', () => {
    given([])
      .when(list('x'.repeat(MAX_NAME_LENGTH), 0))
      .then([listed('x'.repeat(MAX_NAME_LENGTH), 0)]);
    given([])
      .when(list('Mug', MAX_PRICE_CENTS))
      .then([listed('Mug', MAX_PRICE_CENTS)]);
  });
  it('cannot be updated: it does not exist', () =>
    given([])
      .when(update({ priceCents: 100 }))
      .thenFails('not_found', 'ProductNotFound'));
  it('is not listed by a customer', () => given([]).when(list(), customer).thenFails('forbidden', 'StaffOnly'));
});

describe('a product on sale', () => {
  it('refuses to be listed again', () => given([listed()]).when(list()).thenFails('rule', 'ProductAlreadyListed'));
  it('is renamed and repriced in one command, the price change recording both prices', () =>
    given([listed()])
      .when(update({ name: 'Big mug', priceCents: 2100 }))
      .then([
        { type: 'ProductRenamed', data: { productId: ID, name: 'Big mug' } },
        { type: 'PriceChanged', data: { productId: ID, fromCents: 1800, toCents: 2100 } },
      ]));
  it('records nothing for what is already so', () =>
    given([listed()])
      .when(update({ name: ' Stoneware mug ', priceCents: 1800, active: undefined }))
      .then([]));
  it('refuses an update that names nothing to change', () =>
    given([listed()]).when(update({})).thenFails('rule', 'NothingToChange'));
  it('is retired', () =>
    given([listed()])
      .when(update({ active: false }))
      .then([retired]));
  it('refuses to be relisted', () =>
    given([listed()])
      .when(update({ active: true }))
      .thenFails('rule', 'NotRetired'));
  it('is not changed by a customer', () =>
    given([listed()])
      .when(update({ priceCents: 1 }), customer)
      .thenFails('forbidden', 'StaffOnly'));
});

describe('a retired product', () => {
  it('refuses to be retired twice', () =>
    given([listed(), retired])
      .when(update({ active: false }))
      .thenFails('rule', 'AlreadyRetired'));
  it('is relisted', () =>
    given([listed(), retired])
      .when(update({ active: true }))
      .then([{ type: 'ProductRelisted', data: { productId: ID } }]));
  it('can still be repriced while retired', () =>
    given([listed(), retired])
      .when(update({ priceCents: 999 }))
      .then([{ type: 'PriceChanged', data: { productId: ID, fromCents: 1800, toCents: 999 } }]));
});

describe('evolve', () => {
  it('folds name, price, status, version and times', () => {
    const events = stored([
      listed(),
      { type: 'PriceChanged', data: { productId: ID, fromCents: 1800, toCents: 2000 } },
      { type: 'ProductRenamed', data: { productId: ID, name: 'Mug' } },
      retired,
      { type: 'ProductRelisted', data: { productId: ID } },
    ]);
    expect(foldProduct(events)).toEqual({
      status: 'on_sale',
      productId: ID,
      name: 'Mug',
      priceCents: 2000,
      version: 5,
      listedAt: events[0]!.recordedAt,
      updatedAt: events[4]!.recordedAt,
    });
    expect(foldProduct(events.slice(0, 4))).toMatchObject({ status: 'retired', version: 4 });
  });
});
