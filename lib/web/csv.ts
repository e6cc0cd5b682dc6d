// CSV for spreadsheets (RFC 4180), safe to open: a cell that a spreadsheet would run as a formula is made text.

/**
 * One CSV cell: quoted when it holds a comma, a quote or a line break (quotes doubled); a text starting with = + - @
 * or a tab or carriage return gets a leading apostrophe, so that a spreadsheet shows it instead of evaluating it.
 * Numbers are written as they are.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line, CRLF-terminated. */
export const csvLine = (cells: (string | number | null)[]) => `${cells.map(csvCell).join(',')}\r\n`;
