import { describe, expect, it } from 'vitest';
import { decide, fold, initialOrder, MAX_LINES } from './order';
import {
  addItem,
  ann,
  bob,
  cancel,
  cancelled,
  changeQuantity,
  confirm,
  confirmed,
  create,
  created,
  given,
  itemAdded,
  itemRemoved,
  line,
  ORDER_ID,
  products,
  quantityChanged,
  reject,
  rejected,
  removeItem,
  reservations,
  ship,
  shipped,
  staff,
  stored,
  submit,
  submitted,
  unavailable,
} from './testing';

const manyLines = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ productId: `p${i}`, name: `Product ${i}`, quantity: 1, unitPriceCents: 100 }));
const manyProducts = (n: number) =>
  new Map(
    Array.from({ length: n }, (_, i) => [
      `p${i}`,
      { id: `p${i}`, name: `Product ${i}`, priceCents: 100, active: true },
    ]),
  );

describe('an order that does not exist yet', () => {
  it('is created with its lines at catalog prices, owned by the actor', () =>
    given([])
      .when(
        create([
          { productId: 'espresso', quantity: 2 },
          { productId: 'mug', quantity: 1 },
        ]),
      )
      .then([created([line('espresso', 2), line('mug', 1)])]));
  it('merges the same product named twice into one line', () =>
    given([])
      .when(
        create([
          { productId: 'espresso', quantity: 2 },
          { productId: 'espresso', quantity: 3 },
        ]),
      )
      .then([created([line('espresso', 5)])]));
  it('refuses to be created without items', () => given([]).when(create([])).thenFails('rule', 'NoLines'));
  it.each([0, -1, 1000, 2.5])('refuses quantity %s', (quantity) =>
    given([])
      .when(create([{ productId: 'espresso', quantity }]))
      .thenFails('rule', 'QuantityOutOfRange'),
  );
  it('refuses a merged line over 999', () =>
    given([])
      .when(
        create([
          { productId: 'espresso', quantity: 500 },
          { productId: 'espresso', quantity: 500 },
        ]),
      )
      .thenFails('rule', 'QuantityOutOfRange'));
  it('refuses an unknown product', () =>
    given([])
      .when(create([{ productId: 'caviar', quantity: 1 }]))
      .thenFails('rule', 'UnknownProduct'));
  it('refuses an inactive product', () =>
    given([])
      .when(create([{ productId: 'grinder', quantity: 1 }]))
      .thenFails('rule', 'InactiveProduct'));
  it('accepts 100 lines and refuses 101', () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ productId: `p${i}`, quantity: 1 }));
    given([])
      .when(create(items(MAX_LINES)), { products: manyProducts(101) })
      .then([{ type: 'OrderCreated', data: { orderId: ORDER_ID, customerId: 'ann', lines: manyLines(MAX_LINES) } }]);
    given([])
      .when(create(items(MAX_LINES + 1)), { products: manyProducts(101) })
      .thenFails('rule', 'TooManyLines');
  });
  it.each([
    ['AddItem', addItem('espresso', 1)],
    ['RemoveItem', removeItem('espresso')],
    ['ChangeQuantity', changeQuantity('espresso', 1)],
    ['SubmitOrder', submit],
    ['CancelOrder', cancel()],
  ])('answers %s with not found', (_, command) => given([]).when(command).thenFails('not_found'));
});

describe('a draft order', () => {
  it('refuses to be created again', () =>
    given([created()])
      .when(create([{ productId: 'mug', quantity: 1 }]))
      .thenFails('rule', 'OrderAlreadyExists'));
  it('adds a new product as a new line at the catalog price', () =>
    given([created()])
      .when(addItem('mug', 3))
      .then([itemAdded('mug', 3)]));
  it('adds a product already on it to that line, at the price the line was first added at', () =>
    given([created([{ ...line('espresso', 2), unitPriceCents: 1100 }])])
      .when(addItem('espresso', 3))
      .then([itemAdded('espresso', 3, 1100)]));
  it('refuses an addition that takes a line over 999', () =>
    given([created([line('espresso', 998)])])
      .when(addItem('espresso', 2))
      .thenFails('rule', 'QuantityOutOfRange'));
  it('accepts an addition that takes a line to exactly 999', () =>
    given([created([line('espresso', 998)])])
      .when(addItem('espresso', 1))
      .then([itemAdded('espresso', 1)]));
  it('refuses unknown and inactive products', () => {
    given([created()]).when(addItem('caviar', 1)).thenFails('rule', 'UnknownProduct');
    given([created()]).when(addItem('grinder', 1)).thenFails('rule', 'InactiveProduct');
  });
  it.each([0, 1000, 1.5])('refuses to add quantity %s', (q) =>
    given([created()]).when(addItem('mug', q)).thenFails('rule', 'QuantityOutOfRange'),
  );
  it('refuses a 101st line', () =>
    given([{ type: 'OrderCreated', data: { orderId: ORDER_ID, customerId: 'ann', lines: manyLines(MAX_LINES) } }])
      .when(addItem('mug', 1))
      .thenFails('rule', 'TooManyLines'));
  it('removes a line', () =>
    given([created()])
      .when(removeItem('espresso'))
      .then([itemRemoved('espresso')]));
  it('refuses to remove or change a product not on it', () => {
    given([created()]).when(removeItem('mug')).thenFails('rule', 'ProductNotOnOrder');
    given([created()]).when(changeQuantity('mug', 2)).thenFails('rule', 'ProductNotOnOrder');
  });
  it('changes a quantity', () =>
    given([created()])
      .when(changeQuantity('espresso', 7))
      .then([quantityChanged('espresso', 7)]));
  it('records nothing when the quantity is already that', () =>
    given([created()]).when(changeQuantity('espresso', 2)).then([]));
  it.each([0, 1000])('refuses to change a quantity to %s', (q) =>
    given([created()]).when(changeQuantity('espresso', q)).thenFails('rule', 'QuantityOutOfRange'),
  );
  it('is submitted', () => given([created()]).when(submit).then([submitted]));
  it('refuses to be submitted once its last line is removed', () =>
    given([created(), itemRemoved('espresso')])
      .when(submit)
      .thenFails('rule', 'NoLines'));
  it.each([
    ['a NUL', 'too\u0000dear'],
    ['a line break', 'too\ndear'],
    ['a right-to-left override', 'too \u202edear'],
    ['a line separator', 'too\u2028dear'],
    ['a zero-width space', 'too\u200bdear'],
    ['a lone surrogate', 'too\ud800dear'],
  ])('refuses a cancel reason with %s', (_, reason) =>
    given([created()]).when(cancel(reason)).thenFails('rule', 'ReasonNotPlain'),
  );
  it.each([
    ['Hebrew and a family emoji', 'לא צריך יותר 👨\u200d👩\u200d👧'],
    [
      "England's flag (a tag sequence)",
      'gift for \u{1f3f4}\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f} fans',
    ],
    ['Persian with a non-joiner', 'نمی\u200cخواهم'],
    ['Egyptian hieroglyphs with a format control', '\u{13000}\u{13430}\u{13001}'],
  ])('takes a cancel reason in %s', (_, reason) =>
    given([created()])
      .when(cancel(reason))
      .then([cancelled(reason)]),
  );
  it('refuses tag characters outside a flag', () =>
    given([created()]).when(cancel('a\u{e0067}b')).thenFails('rule', 'ReasonNotPlain'));

  it('is cancelled with a reason', () =>
    given([created()])
      .when(cancel('too dear'))
      .then([cancelled('too dear')]));
  it('refuses commands from anyone but its owner', () => {
    for (const command of [
      addItem('mug', 1),
      removeItem('espresso'),
      changeQuantity('espresso', 3),
      submit,
      cancel(),
    ]) {
      given([created()]).when(command, { actor: bob }).thenFails('forbidden');
    }
  });
  it('takes commands from staff', () => given([created()]).when(submit, { actor: staff }).then([submitted]));
  it('refuses to be submitted while a line is no longer on sale, and names it', () => {
    const retired = new Map(products);
    retired.set('mug', { ...products.get('mug')!, active: false });
    const history = [created([line('espresso', 1), line('mug', 2)])];
    given(history).when(submit, { products: retired }).thenFails('rule', 'InactiveProduct');
    expect(() => decide(submit, fold(stored(history)), { actor: ann, products: retired })).toThrow(/Stoneware mug/);
    const unknown = new Map(products);
    unknown.delete('espresso');
    given(history).when(submit, { products: unknown }).thenFails('rule', 'InactiveProduct');
  });
  it('lets a line no longer on sale shrink, but not grow', () => {
    const retired = new Map(products);
    retired.set('mug', { ...products.get('mug')!, active: false });
    const history = [created([line('espresso', 1), line('mug', 2)])];
    given(history)
      .when(changeQuantity('mug', 1), { products: retired })
      .then([quantityChanged('mug', 1)]);
    given(history).when(changeQuantity('mug', 3), { products: retired }).thenFails('rule', 'InactiveProduct');
    expect(() => decide(changeQuantity('mug', 3), fold(stored(history)), { actor: ann, products: retired })).toThrow(
      /Stoneware mug is no longer on sale: lower its quantity or remove it/,
    );
    const unknown = new Map(products);
    unknown.delete('mug');
    given(history).when(changeQuantity('mug', 3), { products: unknown }).thenFails('rule', 'InactiveProduct');
    given(history)
      .when(changeQuantity('espresso', 4), { products: retired })
      .then([quantityChanged('espresso', 4)]);
  });
  it('can be submitted once the retired line is removed', () => {
    const retired = new Map(products);
    retired.set('mug', { ...products.get('mug')!, active: false });
    given([created([line('espresso', 1), line('mug', 2)]), itemRemoved('mug')])
      .when(submit, { products: retired })
      .then([submitted]);
  });
});

describe('a submitted order', () => {
  const history = [created(), submitted];
  it.each([
    ['new items', addItem('mug', 1)],
    ['removals', removeItem('espresso')],
    ['quantity changes', changeQuantity('espresso', 3)],
  ])('refuses %s', (_, command) => given(history).when(command).thenFails('rule', 'OrderNotDraft'));
  it('refuses to be submitted twice', () => given(history).when(submit).thenFails('rule', 'AlreadySubmitted'));
  it('can still be cancelled', () => given(history).when(cancel()).then([cancelled()]));
});

describe('a cancelled order', () => {
  const history = [created(), cancelled()];
  it('is final: refuses every change', () => {
    for (const command of [addItem('mug', 1), removeItem('espresso'), changeQuantity('espresso', 3)]) {
      given(history).when(command).thenFails('rule', 'OrderNotDraft');
    }
  });
  it('refuses to be submitted', () => given(history).when(submit).thenFails('rule', 'AlreadyCancelled'));
  it('refuses to be cancelled twice', () => given(history).when(cancel()).thenFails('rule', 'AlreadyCancelled'));
});

describe('evolve', () => {
  it('folds every event into status, lines, total, version and times', () => {
    const events = stored([
      created([line('espresso', 2)]),
      itemAdded('mug', 1),
      itemAdded('espresso', 1),
      quantityChanged('mug', 3),
      itemAdded('filter', 4),
      itemRemoved('filter'),
      submitted,
      cancelled('late'),
    ]);
    const states = events.map((_, i) => fold(events.slice(0, i + 1)));
    expect(states.map((s) => (s.status === 'none' ? 0 : s.totalCents))).toEqual([
      2400, 4200, 5400, 9000, 10400, 9000, 9000, 9000,
    ]);
    expect(states.map((s) => s.status)).toEqual([
      'draft',
      'draft',
      'draft',
      'draft',
      'draft',
      'draft',
      'submitted',
      'cancelled',
    ]);
    const last = states.at(-1)!;
    expect(last).toMatchObject({
      status: 'cancelled',
      orderId: ORDER_ID,
      customerId: 'ann',
      version: 8,
      reason: 'late',
      createdAt: events[0]!.recordedAt,
      submittedAt: events[6]!.recordedAt,
      cancelledAt: events[7]!.recordedAt,
      updatedAt: events[7]!.recordedAt,
      lines: [line('espresso', 3), line('mug', 3)],
    });
  });
  it('starts from nothing', () => expect(fold([])).toEqual(initialOrder));
  it('keeps the line price of the first addition', () => {
    const order = fold(
      stored([created([{ ...line('espresso', 1), unitPriceCents: 999 }]), itemAdded('espresso', 1, 999)]),
    );
    expect(order.status !== 'none' && order.totalCents).toBe(1998);
  });
  it('a draft cancelled has no submission time', () => {
    const order = fold(stored([created(), cancelled()]));
    expect(order).toMatchObject({ status: 'cancelled', submittedAt: null });
  });
});

describe('a submitted order waiting for its stock', () => {
  const placed = [created([line('espresso', 2), line('mug', 1)]), submitted];
  it('is confirmed by the reservations process once every line is reserved', () =>
    given(placed).when(confirm, { actor: reservations }).then([confirmed]));
  it('is rejected by it, naming the lines that could not be reserved', () =>
    given(placed)
      .when(reject([unavailable('mug', 1, 0)]), { actor: reservations })
      .then([rejected([unavailable('mug', 1, 0)])]));
  it('is confirmed or rejected by nobody else: to the owner and staff those commands do not exist', () => {
    for (const actor of [{ id: 'ann', staff: false }, staff]) {
      given(placed).when(confirm, { actor }).thenFails('forbidden', 'ProcessOnly');
      given(placed)
        .when(reject([unavailable('mug', 1, 0)]), { actor })
        .thenFails('forbidden', 'ProcessOnly');
    }
  });
  it('is not decided twice, nor while a draft, nor once cancelled', () => {
    given([...placed, confirmed])
      .when(confirm, { actor: reservations })
      .thenFails('rule', 'NotAwaitingStock');
    given([...placed, rejected([unavailable('mug', 1, 0)])])
      .when(confirm, { actor: reservations })
      .thenFails('rule', 'NotAwaitingStock');
    given([created()]).when(confirm, { actor: reservations }).thenFails('rule', 'NotAwaitingStock');
    given([...placed, cancelled()])
      .when(confirm, { actor: reservations })
      .thenFails('rule', 'AlreadyCancelled');
    given([...placed, cancelled()])
      .when(reject([unavailable('mug', 1, 0)]), { actor: reservations })
      .thenFails('rule', 'AlreadyCancelled');
  });
  it('a rejection names at least one line', () =>
    given(placed).when(reject([]), { actor: reservations }).thenFails('rule', 'NoLines'));
});

describe('a confirmed order', () => {
  const done = [created([line('espresso', 2)]), submitted, confirmed];
  it('can still be cancelled by its owner (its stock is released by the process)', () =>
    given(done)
      .when(cancel('too late'))
      .then([cancelled('too late')]));
  it('cannot be changed or submitted again', () => {
    given(done).when(addItem('mug', 1)).thenFails('rule', 'OrderNotDraft');
    given(done).when(submit).thenFails('rule', 'AlreadySubmitted');
  });
  it('keeps when it was submitted and confirmed, and after a cancel when it was submitted', () => {
    const state = fold(stored(done));
    expect(state).toMatchObject({ status: 'confirmed', submittedAt: stored(done)[1]!.recordedAt });
    expect(fold(stored([...done, cancelled()]))).toMatchObject({
      status: 'cancelled',
      submittedAt: stored(done)[1]!.recordedAt,
    });
  });
});

describe('a rejected order', () => {
  const closed = [created([line('mug', 3)]), submitted, rejected([unavailable('mug', 3, 1)])];
  it('is closed: not submitted again, not cancelled, not changed', () => {
    given(closed).when(submit).thenFails('rule', 'AlreadyRejected');
    given(closed).when(cancel()).thenFails('rule', 'AlreadyRejected');
    given(closed).when(changeQuantity('mug', 1)).thenFails('rule', 'OrderNotDraft');
  });
  it('keeps the lines that could not be reserved', () =>
    expect(fold(stored(closed))).toMatchObject({ status: 'rejected', unavailable: [unavailable('mug', 3, 1)] }));
});

describe('shipping', () => {
  const done = [created([line('espresso', 2)]), submitted, confirmed];
  it('staff ship a confirmed order', () => given(done).when(ship, { actor: staff }).then([shipped]));
  it('is staff work: to the owner the command does not exist', () =>
    given(done).when(ship, { actor: ann }).thenFails('forbidden', 'StaffOnly'));
  it('only a confirmed order ships: not a draft, not one waiting for its stock, not a rejected or cancelled one', () => {
    given([created()]).when(ship, { actor: staff }).thenFails('rule', 'NotConfirmed');
    given([created(), submitted]).when(ship, { actor: staff }).thenFails('rule', 'NotConfirmed');
    given([created([line('mug', 3)]), submitted, rejected([unavailable('mug', 3, 1)])])
      .when(ship, { actor: staff })
      .thenFails('rule', 'AlreadyRejected');
    given([...done, cancelled()])
      .when(ship, { actor: staff })
      .thenFails('rule', 'AlreadyCancelled');
  });
  it('ships once', () =>
    given([...done, shipped])
      .when(ship, { actor: staff })
      .thenFails('rule', 'AlreadyShipped'));
  it('a shipped order cannot be cancelled, changed, submitted, confirmed or rejected', () => {
    const gone = [...done, shipped];
    for (const actor of [ann, staff]) given(gone).when(cancel(), { actor }).thenFails('rule', 'AlreadyShipped');
    given(gone).when(addItem('mug', 1)).thenFails('rule', 'OrderNotDraft');
    given(gone).when(submit).thenFails('rule', 'AlreadyShipped');
    given(gone).when(confirm, { actor: reservations }).thenFails('rule', 'NotAwaitingStock');
    given(gone)
      .when(reject([unavailable('espresso', 2, 0)]), { actor: reservations })
      .thenFails('rule', 'NotAwaitingStock');
  });
  it('keeps when it was submitted, confirmed and shipped', () => {
    const events = stored([...done, shipped]);
    expect(fold(events)).toMatchObject({
      status: 'shipped',
      submittedAt: events[1]!.recordedAt,
      confirmedAt: events[2]!.recordedAt,
      shippedAt: events[3]!.recordedAt,
      version: 4,
    });
  });
});
