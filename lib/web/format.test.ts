import { describe, expect, it } from 'vitest';
import {
  availability,
  centsFromDollars,
  dollarsOf,
  LOW_STOCK,
  stockEventLabel,
  stockMovementLabel,
  typesLabelled,
} from './format';

describe('prices typed in dollars', () => {
  it.each([
    ['12', 1200],
    ['12.5', 1250],
    ['12.50', 1250],
    ['0.05', 5],
    ['$1,200.99', 120099],
    [' 7 ', 700],
    ['1000000', 100000000],
  ])('%s is %s cents', (text, cents) => expect(centsFromDollars(text)).toBe(cents));
  it.each(['', 'abc', '12.345', '-1', '1,20', '12.', '.5', '1e3'])('"%s" is not an amount', (text) =>
    expect(centsFromDollars(text)).toBeNaN(),
  );
  it('come back as typed', () => {
    for (const cents of [0, 5, 99, 100, 1250, 120099]) expect(centsFromDollars(dollarsOf(cents))).toBe(cents);
  });
});

describe("a product's availability for shoppers", () => {
  it.each([
    [0, 'Out of stock', 'out'],
    [-1, 'Out of stock', 'out'],
    [1, 'Only 1 left', 'low'],
    [LOW_STOCK, `Only ${LOW_STOCK} left`, 'low'],
    [LOW_STOCK + 1, 'In stock', 'in'],
  ])('%i available: %s', (n, text, level) => expect(availability(n)).toEqual({ text, level }));
});

describe('stock movements in an order’s timeline', () => {
  it.each([
    ['StockReserved', 2, null, 'Stock: 2 × Lamp held'],
    ['ReservationRefused', 3, 1, 'Stock: 3 × Lamp refused (1 available)'],
    ['ReservationReleased', 2, null, 'Stock: 2 × Lamp released'],
    ['ReservationCommitted', 2, null, 'Stock: 2 × Lamp shipped'],
  ] as const)('%s', (type, quantity, available, text) =>
    expect(stockMovementLabel({ type, quantity, available }, 'Lamp')).toBe(text),
  );
});

describe('event types found by the words people see', () => {
  it('matches labels in any case, and nothing for nothing', () => {
    expect(typesLabelled('Item added')).toEqual(['ItemAdded']);
    expect(typesLabelled('QUANTITY')).toEqual(['ItemQuantityChanged']);
    expect(typesLabelled('   ')).toEqual([]);
    expect(typesLabelled('zzz')).toEqual([]);
  });
});

describe("a product's stock history for staff", () => {
  it.each([
    [{ type: 'StockReceived', data: { quantity: 20 } }, 'Received 20'],
    [{ type: 'StockAdjusted', data: { quantity: -2, reason: 'broken' } }, 'Corrected −2: broken'],
    [{ type: 'StockAdjusted', data: { quantity: 1, reason: 'found' } }, 'Corrected +1: found'],
    [{ type: 'StockReserved', data: { quantity: 2, orderId: '9324e700-aaaa' } }, 'Held 2 for order 9324e700'],
    [
      { type: 'ReservationRefused', data: { quantity: 3, orderId: '9324e700-aaaa', available: 1 } },
      'Refused 3 for order 9324e700 (1 available)',
    ],
  ])('%j', (e, text) => expect(stockEventLabel(e)).toBe(text));
});
