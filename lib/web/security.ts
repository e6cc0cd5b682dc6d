// What keeps a browser from being turned against its own user: state-changing API requests only as JSON and only
// from the app's own origin (or ALLOWED_ORIGINS), redirects only to the app's own paths, and the security headers of
// every response (a nonce-based Content-Security-Policy among them).
import { randomBytes } from 'node:crypto';
import { HttpError } from './http';

export interface OriginPolicy {
  allowedOrigins: ReadonlySet<string>;
  /** Whether X-Forwarded-Host/-Proto from the proxy in front are believed. */
  trustProxy: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The app's own origin as this request reached it: its Host (or the proxy's X-Forwarded-Host) and protocol. */
export function ownOrigin(headers: Headers, url: string, trustProxy: boolean): string {
  const first = (v: string | null) => v?.split(',')[0]?.trim() || null;
  const host = (trustProxy && first(headers.get('x-forwarded-host'))) || headers.get('host') || new URL(url).host;
  const proto =
    (trustProxy && first(headers.get('x-forwarded-proto'))) || new URL(url).protocol.replace(':', '') || 'http';
  return `${proto}://${host}`;
}

/**
 * Refuses a state-changing request that a browser may have been tricked into sending (cross-site request forgery):
 * a body that is not JSON (415: a form or a `no-cors` fetch can only send text/plain, form or multipart bodies), and
 * an Origin other than the app's own or an allowed one (403). A browser sends Origin with every POST, PATCH and
 * DELETE; a request without it is refused when its Sec-Fetch-Site says it came from another site. Throws HttpError.
 */
export function checkStateChange(request: Request, policy: OriginPolicy): void {
  if (SAFE_METHODS.has(request.method)) return;
  const length = request.headers.get('content-length');
  const hasBody = (length !== null && length !== '0') || request.headers.has('transfer-encoding');
  if (hasBody && !/^application\/(json|[\w.+-]+\+json)\s*(;|$)/i.test(request.headers.get('content-type') ?? '')) {
    throw new HttpError(415, 'send the body as JSON (Content-Type: application/json)');
  }
  const origin = request.headers.get('origin');
  if (origin === null) {
    const site = request.headers.get('sec-fetch-site');
    if (site === 'cross-site' || site === 'same-site') {
      throw new HttpError(403, 'this request came from another site; it may not change anything here');
    }
    return; // not a browser (curl, a script): nothing to forge
  }
  if (origin === ownOrigin(request.headers, request.url, policy.trustProxy) || policy.allowedOrigins.has(origin))
    return;
  throw new HttpError(403, `requests from ${origin.slice(0, 100)} may not change anything here`);
}

/**
 * Whether a socket may be opened by this request: a browser sends its page's Origin, which must be the app's own or
 * an allowed one; a client without Origin (not a browser) may (it needs the session cookie all the same).
 */
export function originMayConnect(headers: Headers, url: string, policy: OriginPolicy): boolean {
  const origin = headers.get('origin');
  if (origin === null) return true;
  return origin === ownOrigin(headers, url, policy.trustProxy) || policy.allowedOrigins.has(origin);
}

/**
 * Why Next.js would refuse this request as a server action from another origin, or null when it would not: a POST
 * that Next takes for a server action (a `Next-Action` header, or a form body) whose Origin's host is not the
 * request's own (its `X-Forwarded-Host`, else its `Host`), or whose Origin is not a URL. Next compares exactly this
 * (whatever TRUST_PROXY says, and ALLOWED_ORIGINS is for the API, not for forms) and then answers 500; the server
 * answers 403 with this message before Next sees the request, so nothing runs either way. `headers` are Node's
 * (lower-case names); `path` is the request's path without its query.
 */
export function foreignServerAction(
  method: string | undefined,
  path: string,
  headers: Record<string, string | string[] | undefined>,
): string | null {
  if (method !== 'POST' || path.startsWith('/api/') || path.startsWith('/socket.io/')) return null;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const type = one(headers['content-type']) ?? '';
  const action =
    headers['next-action'] !== undefined ||
    /^multipart\/form-data/i.test(type) ||
    /^application\/x-www-form-urlencoded/i.test(type);
  const origin = one(headers.origin);
  if (!action || origin === undefined) return null; // no Origin: not a browser, nothing to forge
  let originHost: string;
  try {
    originHost = origin === 'null' ? 'null' : new URL(origin).host;
  } catch {
    return 'the Origin header is not a URL';
  }
  if (originHost === '') return null; // Next takes an Origin without a host as no Origin
  const forwarded = headers['x-forwarded-host'];
  const host = (Array.isArray(forwarded) ? forwarded[0] : forwarded?.split(',')[0]?.trim()) || one(headers.host);
  if (host !== undefined && originHost === host) return null;
  return `forms of ${origin.slice(0, 100)} may not change anything here`;
}

/**
 * Where to go after signing in: `next` when it is a path of this app (parsed with the URL parser, never by string
 * prefix: `/\\evil.example`, tabs and line breaks are what browsers make of them), else `/orders`.
 */
export function safeNextPath(next: unknown, fallback = '/orders'): string {
  if (typeof next !== 'string' || next.length > 2000 || !next.startsWith('/') || next.startsWith('//')) return fallback;
  // Browsers drop tabs and line breaks and read a backslash as a slash: none belongs in a path we would send.
  if ([...next].some((c) => c <= '\u001f' || c === '\u007f' || c === '\\')) return fallback;
  const base = 'http://orderly.invalid';
  try {
    const u = new URL(next, base);
    if (u.origin !== base || u.pathname.startsWith('//')) return fallback;
    return `${u.pathname}${u.search}${u.hash}`;
  } catch {
    return fallback;
  }
}

/**
 * The security headers of a response, with a fresh nonce for the Content-Security-Policy: Next.js puts it on its
 * own inline scripts (it reads it from the request's CSP header), so no script runs without it. Styles may be inline
 * (style attributes); nothing may frame the app.
 */
export function securityHeaders(o: { https: boolean; dev: boolean }): {
  nonce: string;
  headers: Record<string, string>;
} {
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${o.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'", // the app's own socket.io (CSP 3: 'self' covers ws: and wss: to the same host)
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
  const headers: Record<string, string> = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  };
  if (o.https) headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
  return { nonce, headers };
}
