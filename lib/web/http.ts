// The JSON API's plumbing: bounded body reading, schema parsing, and errors as `{ "error": "…" }` with the right
// status. Route handlers stay thin: parse, call lib/, map the result.
import type { z } from 'zod';

export const MAX_BODY_BYTES = 64 * 1024;

/** An answer other than success, carried up to the route wrapper. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 || status === 304 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

export const errorResponse = (e: HttpError) => json(e.status, { error: e.message, ...e.extra }, e.headers);

/** "items.0.quantity: must be a whole number; …" */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const path = i.path.join('.');
      if (i.code === 'unrecognized_keys')
        return `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}${path ? ` in ${path}` : ''}`;
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');
}

export function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new HttpError(400, `invalid ${what}: ${describeIssues(r.error)}`);
  return r.data;
}

/** Reads a JSON body of at most 64 KiB. An empty body is `{}` when `optional` (commands whose fields are all optional). */
export async function readJson(request: Request, { optional = false } = {}): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  if (declared > MAX_BODY_BYTES) throw new HttpError(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
  let size = 0;
  const chunks: Uint8Array[] = [];
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        throw new HttpError(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') {
    if (optional) return {};
    throw new HttpError(400, 'a JSON body is required');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new HttpError(400, `malformed JSON: ${(e as Error).message}`);
  }
}

/** The query string as an object; a parameter given twice is refused. */
export function queryOf(request: Request): Record<string, string> {
  const params = new URL(request.url).searchParams;
  const out: Record<string, string> = {};
  for (const [k, v] of params) {
    if (k in out) throw new HttpError(400, `query parameter "${k}" is given more than once`);
    out[k] = v;
  }
  return out;
}

/**
 * The one rule for "is this HTTPS" (it decides the cookie's Secure flag): the proxy's X-Forwarded-Proto when the
 * proxy is trusted (TRUST_PROXY), else the request URL's own protocol.
 */
export function isHttps(headers: Headers, url: string | null, trustProxy: boolean): boolean {
  const forwarded = trustProxy ? headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() : undefined;
  if (forwarded) return forwarded === 'https';
  return url !== null && new URL(url).protocol === 'https:';
}
