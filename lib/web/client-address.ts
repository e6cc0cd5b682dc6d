// Who is asking, by network address, for throttling. The custom server (lib/server.ts) works it out once per
// request and passes it on in an internal header that it always overwrites, so a client cannot choose its own.
import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';

/** The internal request header that carries the client's address to route handlers and server actions. */
export const CLIENT_ADDRESS_HEADER = 'x-orderly-client-address';

/**
 * The client's address: the peer's (`req.socket.remoteAddress`), or with `trustProxy` the last entry of
 * X-Forwarded-For, which the proxy in front appended (entries before it are whatever the client sent). Returns
 * 'unknown' when neither is there.
 */
export function clientAddressOf(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const list = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',');
    const last = list.at(-1)?.trim();
    if (last) return normalize(last);
  }
  return normalize(req.socket.remoteAddress ?? 'unknown');
}

/** The address the custom server put on this request ('unknown' outside it, e.g. in tests of a handler alone). */
export function clientAddress(headers: Pick<Headers, 'get'>): string {
  return headers.get(CLIENT_ADDRESS_HEADER) ?? 'unknown';
}

/**
 * One client, one key: an IPv4 client seen through an IPv6 socket (::ffff:127.0.0.1) is 127.0.0.1, and an IPv6
 * client is its /64 (a host usually gets a whole /64: counting each address apart would give it billions).
 */
function normalize(raw: string): string {
  const address = raw.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '').replace(/%.*$/, '');
  if (isIPv6(address)) return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
  return address.slice(0, 64);
}

/** The eight groups of an IPv6 address, '::' expanded. */
function expandIPv6(address: string): string[] {
  const [head, tail] = address.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}
