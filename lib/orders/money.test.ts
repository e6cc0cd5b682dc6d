import { describe, expect, it } from 'vitest';
import { dollarsToCents, formatCents, formatUsd } from './money';

describe('dollars to cents', () => {
  it.each([
    [0, 0],
    [0.1, 10],
    [0.2, 20],
    [1.15, 115], // Math.floor(1.15 * 100) is 114
    [19.99, 1999],
    [4.35, 435], // 4.35 * 100 is 434.99999999999994
    [1.005, 101], // Math.round(1.005 * 100) is 100
    [1.0049, 100],
    [12, 1200],
    [1234567.89, 123456789],
    [-2.5, -250],
  ])('%s dollars is %s cents', (dollars, cents) => expect(dollarsToCents(dollars)).toBe(cents));
  it('refuses what is not an amount', () => {
    expect(() => dollarsToCents(Number.NaN)).toThrow(RangeError);
    expect(() => dollarsToCents(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
  it('summing converted prices does not drift where summing floats does', () => {
    const prices = Array.from({ length: 1000 }, () => 0.1);
    expect(prices.reduce((a, b) => a + b, 0)).not.toBe(100);
    expect(prices.map(dollarsToCents).reduce((a, b) => a + b, 0)).toBe(10_000);
  });
});

describe('formatting cents', () => {
  it('formats for the reader', () => {
    expect(formatCents(123450)).toBe('$1,234.50');
    expect(formatCents(1200, 'de-DE', 'EUR')).toBe('12,00\u00a0€');
  });
});

describe('the fixed US dollar format of stored summaries', () => {
  it.each([0, 5, 99, 100, 1200, 123450, 100000000, 987654321, -250, -123456789])(
    'formats %s cents as Intl does',
    (cents) => expect(formatUsd(cents)).toBe(formatCents(cents)),
  );
});
