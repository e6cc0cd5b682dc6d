// The account store on Redis, next to the events (keys under the same hash tag {ns}). A username is claimed with
// SET NX inside the script that writes the user, so it is taken once; a session is a key with a TTL, so it ends by
// itself when it expires and at once everywhere when deleted.
import type { Redis } from 'ioredis';
import type { AccountStore, OpenSession, SessionRecord, UserRecord } from './store';

interface ScriptedRedis extends Redis {
  accountsCreateUser(...args: string[]): Promise<number>;
  accountsOpenSession(...args: string[]): Promise<number>;
  accountsEndSessionsOf(...args: string[]): Promise<string[]>;
}

/** KEYS: username key, user key. ARGV: id, username, passwordHash, createdAt. Returns 1 when created. */
const CREATE_USER = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
redis.call('HSET', KEYS[2], 'id', ARGV[1], 'username', ARGV[2], 'passwordHash', ARGV[3], 'createdAt', ARGV[4])
return 1
`;

/**
 * KEYS: session key, the user's session index (a sorted set of session ids by expiry, ms). ARGV: value, ttl ms,
 * expiresAt ms, session id, now ms. The index drops expired ids and lives as long as its last session.
 */
const OPEN_SESSION = `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[5])
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[2], last[2])
return 1
`;

/**
 * KEYS: the user's session index. ARGV: prefix of session keys (same hash tag, so the same slot), the id to keep.
 * Deletes every other session of the user at once; returns their ids.
 */
const END_SESSIONS_OF = `
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
local ended = {}
for _, id in ipairs(ids) do
  if id ~= ARGV[2] then
    redis.call('DEL', ARGV[1] .. id)
    redis.call('ZREM', KEYS[1], id)
    table.insert(ended, id)
  end
end
return ended
`;

export const accountKeys = (namespace: string) => {
  const tag = `{${namespace}}`;
  return {
    username: (username: string) => `${tag}:username:${username}`,
    user: (id: string) => `${tag}:user:${id}`,
    session: (id: string) => `${tag}:session:${id}`,
    userSessions: (userId: string) => `${tag}:user-sessions:${userId}`,
    secret: (name: string) => `${tag}:secret:${name}`,
  };
};

export class RedisAccountStore implements AccountStore {
  readonly kind = 'redis' as const;
  private readonly redis: ScriptedRedis;
  private readonly keys: ReturnType<typeof accountKeys>;

  /** Works through `redis` (shared with the event store; not closed here). */
  constructor(redis: Redis, namespace: string) {
    this.keys = accountKeys(namespace);
    redis.defineCommand('accountsCreateUser', { numberOfKeys: 2, lua: CREATE_USER });
    redis.defineCommand('accountsOpenSession', { numberOfKeys: 2, lua: OPEN_SESSION });
    redis.defineCommand('accountsEndSessionsOf', { numberOfKeys: 1, lua: END_SESSIONS_OF });
    this.redis = redis as ScriptedRedis;
  }

  async createUser(u: UserRecord): Promise<'created' | 'taken'> {
    const created = await this.redis.accountsCreateUser(
      this.keys.username(u.username),
      this.keys.user(u.id),
      u.id,
      u.username,
      u.passwordHash,
      u.createdAt,
    );
    return created === 1 ? 'created' : 'taken';
  }

  async userByName(username: string): Promise<UserRecord | null> {
    const id = await this.redis.get(this.keys.username(username));
    if (!id) return null;
    const h = await this.redis.hgetall(this.keys.user(id));
    if (!h.id || !h.username || !h.passwordHash || !h.createdAt) return null;
    return { id: h.id, username: h.username, passwordHash: h.passwordHash, createdAt: h.createdAt };
  }

  async openSession(s: SessionRecord): Promise<void> {
    const now = Date.now();
    const ttl = s.expiresAt.getTime() - now;
    if (ttl <= 0) return;
    await this.redis.accountsOpenSession(
      this.keys.session(s.id),
      this.keys.userSessions(s.userId),
      JSON.stringify({ userId: s.userId, username: s.username }),
      String(ttl),
      String(s.expiresAt.getTime()),
      s.id,
      String(now),
    );
  }

  async session(sessionId: string, now = new Date()): Promise<OpenSession | null> {
    const key = this.keys.session(sessionId);
    // One round trip: the value and how long it has left (Redis drops it when that runs out).
    const replies = await this.redis.pipeline().get(key).pttl(key).exec();
    // A pipeline resolves with each command's error in its reply: a Redis out of reach is not "no session".
    for (const [error] of replies ?? []) if (error) throw error;
    const value = replies?.[0]?.[1] as string | null | undefined;
    const pttl = replies?.[1]?.[1] as number | undefined;
    if (!value || pttl === undefined || pttl < 0) return null; // -2: gone; -1: no expiry, which we never set
    const expiresAt = new Date(Date.now() + pttl);
    if (now.getTime() >= expiresAt.getTime()) return null;
    return { ...(JSON.parse(value) as { userId: string; username: string }), expiresAt };
  }

  async endSession(sessionId: string): Promise<void> {
    await this.redis.del(this.keys.session(sessionId));
  }

  async endSessionsOf(userId: string, keepSessionId = ''): Promise<string[]> {
    return this.redis.accountsEndSessionsOf(this.keys.userSessions(userId), this.keys.session(''), keepSessionId);
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.redis.hset(this.keys.user(userId), 'passwordHash', passwordHash);
  }

  async secret(name: string, make: () => string): Promise<string> {
    const key = this.keys.secret(name);
    await this.redis.set(key, make(), 'NX');
    const value = await this.redis.get(key);
    if (value === null) throw new Error(`secret ${name} vanished right after it was written`);
    return value;
  }

  async close(): Promise<void> {
    // The connection belongs to the event store.
  }
}
