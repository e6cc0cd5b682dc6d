// Sign-in that cannot be turned against users or the server, against two real nodes behind a (trusted) proxy:
// throttling per client address and per username from that address, never a lock another client can hold;
// malformed input refused as such; weak passwords refused with a reason; a password change and "sign out
// everywhere else" end every other session and its sockets on every node.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS_WINDOW_S, USER_WINDOW_S } from '../accounts/throttle';
import { deleteNamespace, testRedisUrl } from '../eventstore/testing';
import { type AppServer, Client, startAppServer } from '../testing/app-server';

const PASSWORD = 'correct horse battery';
const namespace = `accounts-${randomUUID().slice(0, 8)}`;
let a: AppServer;
let b: AppServer;
const sockets: Socket[] = [];
beforeAll(async () => {
  // As behind nginx: the nodes believe the last X-Forwarded-For entry, which the tests set per simulated client.
  const env = { TRUST_PROXY: 'true', SIGNIN_ATTEMPTS_PER_ADDRESS: '30' };
  a = await startAppServer(env, { namespace });
  b = await startAppServer(env, { namespace });
}, 120_000);
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await a?.stop();
  await b?.stop();
  const redis = new Redis(testRedisUrl());
  await deleteNamespace(redis, namespace);
  redis.disconnect();
});

const uniq = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;
let nextAddress = 1;
/** A client at its own address (as the proxy would report it). */
const from = (address = `10.1.${Math.floor(nextAddress / 250)}.${nextAddress++ % 250}`) => ({
  address,
  call: (node: AppServer, method: string, path: string, body?: unknown, cookie?: string) =>
    new Client(node.url).call(method, path, body, {
      'x-forwarded-for': address,
      ...(cookie ? { cookie } : {}),
    }),
});
const signIn = (who: ReturnType<typeof from>, node: AppServer, username: string, password = PASSWORD) =>
  who.call(node, 'POST', '/api/session', { username, password });

async function signUp(username: string) {
  const r = await from().call(a, 'POST', '/api/users', { username, password: PASSWORD });
  expect(r.status).toBe(201);
}

describe('sign-in throttling', () => {
  it('cannot lock anyone out from elsewhere: an attacker is held off, the victim signs in throughout', async () => {
    const victim = uniq('vic');
    await signUp(victim);
    const attacker = from();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await signIn(attacker, i % 2 ? a : b, victim, `guess ${i}`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual(Array(7).fill(429));
    const held = await signIn(attacker, a, victim); // even the right password, from the attacker's address
    expect(held.status).toBe(429);
    const retryAfter = Number(held.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(USER_WINDOW_S); // refused attempts never extend the window
    // The victim, at home, on either node, while the attacker keeps trying.
    const victimHome = from();
    for (const node of [a, b]) {
      expect((await signIn(victimHome, node, victim)).status).toBe(204);
      expect((await signIn(attacker, node, victim, 'another guess')).status).toBe(429);
    }
  });

  it('holds off an address after its per-minute budget across usernames and nodes; other addresses go on', async () => {
    const names = [uniq('s1'), uniq('s2')];
    for (const n of names) await signUp(n);
    const sprayer = from();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signIn(sprayer, i % 2 ? a : b, `${names[i % 2]}`, `spray ${i}`)),
    );
    // 30 were counted; of those, at most 5 per username reached a password check (the rest: 429 for the username).
    expect(results.filter((r) => r.status === 401).length).toBeLessThanOrEqual(10);
    expect(results.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(30);
    const after = await signIn(sprayer, a, uniq('anyone'), 'x');
    expect(after.status).toBe(429);
    expect(after.json.error).toMatch(/from your address/);
    expect(Number(after.headers.get('retry-after'))).toBeLessThanOrEqual(ADDRESS_WINDOW_S);
    // Sign-ups from that address count too; another address is untouched.
    expect((await sprayer.call(b, 'POST', '/api/users', { username: uniq('n'), password: PASSWORD })).status).toBe(429);
    expect((await signIn(from(), b, names[0]!)).status).toBe(204);
  });

  it('counts the address the proxy appended, not what the client wrote before it', async () => {
    const name = uniq('xff');
    await signUp(name);
    const liar = new Client(a.url);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await liar.call(
        'POST',
        '/api/session',
        { username: name, password: `lie ${i}` },
        { 'x-forwarded-for': `192.0.2.${i}, 10.9.9.9` },
      );
      statuses.push(r.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it('keeps its counters only as long as their window (nothing is left to sweep)', async () => {
    const redis = new Redis(testRedisUrl());
    try {
      const keys = await redis.keys(`{${namespace}}:limit:*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        const ttl = await redis.pttl(key);
        expect(ttl, key).toBeGreaterThan(0);
        expect(ttl, key).toBeLessThanOrEqual(USER_WINDOW_S * 1000);
        expect(key.length, key).toBeLessThan(200);
      }
    } finally {
      redis.disconnect();
    }
  });
});

describe('malformed sign-ins and sign-ups', () => {
  it('are 400 (not "wrong password"), and record nothing: types, missing fields, huge usernames', async () => {
    const who = from();
    for (const body of [
      { username: 42, password: PASSWORD },
      { username: 'someone' },
      { password: PASSWORD },
      { username: 'X', password: '1' },
      { username: 'x'.repeat(60_000), password: PASSWORD },
      { username: 'someone', password: '' },
      { username: 'someone', password: PASSWORD, extra: true },
    ]) {
      const r = await who.call(a, 'POST', '/api/session', body);
      expect(r.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(r.json.error).toMatch(/^invalid sign-in: /);
    }
    expect((await who.call(a, 'POST', '/api/session', { username: 'x'.repeat(900_000), password: 'p' })).status).toBe(
      413,
    );
    // None of them was counted against the address or stored anywhere.
    const redis = new Redis(testRedisUrl());
    try {
      const keys = await redis.keys(`{${namespace}}:*`);
      expect(keys.filter((k) => k.length > 200)).toEqual([]);
      expect(keys.filter((k) => k.includes(who.address))).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });

  it('refuses common and trivial passwords at sign-up, saying why', async () => {
    const username = uniq('weak');
    for (const password of ['12345678', 'password', '        ', 'qwertyuiop', `${username}1`, 'aaaaaaaaaaaa']) {
      const r = await from().call(a, 'POST', '/api/users', { username, password });
      expect(r.status, password).toBe(400);
      expect(r.json.error).toMatch(/password: too easy to guess: .+\./);
    }
    expect((await from().call(a, 'POST', '/api/users', { username, password: 'lantern orbit cobble' })).status).toBe(
      201,
    );
  });
});

function connect(node: AppServer, cookie: string): Promise<Socket> {
  const socket = io(node.url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}
const ended = (s: Socket) => new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));

/** The user signed in three times: here (node a), a laptop and a phone (node b), each with a live socket. */
async function threeSessions(username: string) {
  await signUp(username);
  const sessions: string[] = [];
  for (const node of [a, b, b]) {
    const c = new Client(node.url);
    expect((await c.call('POST', '/api/session', { username, password: PASSWORD })).status).toBe(204);
    sessions.push(c.cookie!);
  }
  const [here, laptop, phone] = sessions as [string, string, string];
  const liveHere = await connect(a, here);
  const liveElsewhere = [await connect(b, laptop), await connect(a, phone)];
  return { here, laptop, phone, liveHere, liveElsewhere };
}
const status = async (node: AppServer, cookie: string) =>
  (await new Client(node.url).call('GET', '/api/orders', undefined, { cookie })).status;

describe('changing the password and signing out everywhere else', () => {
  it('a password change ends every other session and its sockets on every node; this one stays', async () => {
    const username = uniq('chg');
    const s = await threeSessions(username);
    const closed = s.liveElsewhere.map(ended);
    const change = (body: unknown) => new Client(a.url).call('POST', '/api/account/password', body, { cookie: s.here });
    expect((await change({ currentPassword: 'not it', newPassword: 'lantern orbit cobble' })).status).toBe(400);
    const weak = await change({ currentPassword: PASSWORD, newPassword: 'password1' });
    expect(weak.status).toBe(400);
    expect(weak.json.error).toMatch(/too easy to guess/);
    // Nothing changed yet (the barrier: the other sessions still answer).
    expect(await status(b, s.laptop)).toBe(200);

    const changed = await change({ currentPassword: PASSWORD, newPassword: 'lantern orbit cobble' });
    expect(changed).toMatchObject({ status: 200, json: { endedSessions: 2 } });
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
    expect(await status(b, s.laptop)).toBe(401);
    expect(await status(a, s.phone)).toBe(401);
    expect(await status(a, s.here)).toBe(200);
    expect(s.liveHere.connected).toBe(true);
    // The old password is gone on every node, the new one works.
    expect((await signIn(from(), b, username)).status).toBe(401);
    expect((await signIn(from(), b, username, 'lantern orbit cobble')).status).toBe(204);
    expect((await new Client(a.url).call('POST', '/api/account/password', {}, {})).status).toBe(401);
  });

  it('"sign out everywhere else" ends every other session and its sockets on every node; this one stays', async () => {
    const s = await threeSessions(uniq('out'));
    const closed = s.liveElsewhere.map(ended);
    const r = await new Client(b.url).call('DELETE', '/api/account/sessions', undefined, { cookie: s.here });
    expect(r).toMatchObject({ status: 200, json: { endedSessions: 2 } });
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
    expect([await status(a, s.laptop), await status(b, s.phone), await status(b, s.here)]).toEqual([401, 401, 200]);
    expect(s.liveHere.connected).toBe(true);
    const again = await new Client(a.url).call('DELETE', '/api/account/sessions', undefined, { cookie: s.here });
    expect(again.json).toEqual({ endedSessions: 0 });
  });
});
