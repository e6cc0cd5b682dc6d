// A page's query, one value per name. Next hands a repeated parameter (`?q=a&q=b`) to a page as an array, which a
// page that expects a string would call string methods on (a 500): every page reads its query through here.

/** What Next passes a page as `searchParams` (awaited). */
export type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The query with each name's first value (`?q=a&q=b` reads as `q=a`; the JSON API refuses a repeated parameter with
 * 400 instead); names that are absent stay undefined. Takes the awaited `searchParams`, returns a new object.
 */
export function firstValues(params: SearchParams): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(params)) out[name] = Array.isArray(value) ? value[0] : value;
  return out;
}
