// Who is asking, by address: the peer's, or the proxy's last X-Forwarded-For entry when trusted; one key per client.
import { describe, expect, it } from 'vitest';
import { clientAddressOf } from './client-address';

const req = (remoteAddress: string, forwarded?: string) => ({
  headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
  socket: { remoteAddress } as never,
});

describe('the client address', () => {
  it('is the peer unless the proxy is trusted; then the last X-Forwarded-For entry', () => {
    expect(clientAddressOf(req('10.0.0.5', '1.2.3.4'), false)).toBe('10.0.0.5');
    expect(clientAddressOf(req('10.0.0.5', '1.2.3.4, 192.0.2.7'), true)).toBe('192.0.2.7');
    expect(clientAddressOf(req('10.0.0.5'), true)).toBe('10.0.0.5');
  });
  it('is one key per client: IPv4 through an IPv6 socket, and an IPv6 /64', () => {
    expect(clientAddressOf(req('::ffff:127.0.0.1'), false)).toBe('127.0.0.1');
    const a = clientAddressOf(req('2001:db8:aa:1::1'), false);
    expect(a).toBe('2001:db8:aa:1::/64');
    expect(clientAddressOf(req('2001:0db8:00aa:0001:dead:beef:0:7'), false)).toBe(a);
    expect(clientAddressOf(req('2001:db8:aa:2::1'), false)).not.toBe(a);
    expect(clientAddressOf(req('::1'), false)).toBe('0:0:0:0::/64');
  });
});
