// Days typed in date inputs (YYYY-MM-DD, taken as UTC days) as ISO-8601 UTC bounds for queries.

/**
 * The ISO-8601 UTC start of `day` (YYYY-MM-DD), or of the day after with `next` (an exclusive upper bound); undefined
 * when `day` is not a real calendar day. The bounds are compared as text with stored times, so they keep four-digit
 * years: the end of 9999-12-31 is `9999-12-31T24:00:00.000Z` (ISO-8601's end of day), not `+010000-01-01…`, which
 * would sort before every stored time.
 */
export function dayStart(day: string | undefined, next = false): string | undefined {
  if (!day || !/^\d{4}-\d\d-\d\d$/.test(day)) return undefined;
  const t = Date.parse(`${day}T00:00:00.000Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== day) return undefined;
  if (!next) return new Date(t).toISOString();
  const after = new Date(t + 86_400_000).toISOString();
  return after.length === 24 ? after : `${day}T24:00:00.000Z`;
}

/** The values among `days` (query parameters) that were given but are not calendar days, for a notice. */
export const notDays = (...days: (string | undefined)[]): string[] =>
  days.filter((d): d is string => d !== undefined && d !== '' && dayStart(d) === undefined);
