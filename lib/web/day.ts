// Days typed in date inputs (YYYY-MM-DD, taken as UTC days) as ISO-8601 UTC bounds for queries.

/**
 * The ISO-8601 UTC start of `day` (YYYY-MM-DD), or of the day after with `next` (an exclusive upper bound); undefined
 * when `day` is not a real calendar day.
 */
export function dayStart(day: string | undefined, next = false): string | undefined {
  if (!day || !/^\d{4}-\d\d-\d\d$/.test(day)) return undefined;
  const t = Date.parse(`${day}T00:00:00.000Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== day) return undefined;
  return new Date(t + (next ? 86_400_000 : 0)).toISOString();
}
