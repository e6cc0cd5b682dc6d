// Money is integer cents everywhere. Floats in dollars appear only in old stored events, converted here once.

/**
 * Dollars (a float as an old event stored it) to integer cents, from the number's shortest decimal form, so
 * 1.15 gives 115 and 0.1 + 0.2 style drift cannot creep in (Math.round(1.005 * 100) is 100; this gives 101).
 * A third decimal rounds half up; beyond it digits cannot change the cent.
 */
export function dollarsToCents(dollars: number): number {
  if (!Number.isFinite(dollars)) throw new RangeError(`not an amount of money: ${dollars}`);
  const sign = dollars < 0 ? -1 : 1;
  const text = Math.abs(dollars).toString();
  if (text.includes('e')) return sign * Math.round(Math.abs(dollars) * 100);
  const [whole = '0', fraction = ''] = text.split('.');
  const digits = `${fraction}000`.slice(0, 3);
  const cents = Number(whole) * 100 + Number(digits.slice(0, 2)) + (Number(digits[2]) >= 5 ? 1 : 0);
  return sign * cents;
}

/** "$1,234.50" in the given locale; the one formatting of cents for people. */
export function formatCents(cents: number, locale = 'en-US', currency = 'USD'): string {
  const key = `${locale}|${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formats.set(key, format);
  }
  return format.format(cents / 100);
}

// Building an Intl.NumberFormat costs far more than using one.
const formats = new Map<string, Intl.NumberFormat>();

/** "$1,234.50": the fixed format of stored summaries. Same result as formatCents(cents), without Intl's cost. */
export function formatUsd(cents: number): string {
  const abs = Math.abs(cents);
  const dollars = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${cents < 0 ? '-' : ''}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}
