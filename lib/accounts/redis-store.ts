// The account store on Redis, next to the events (keys under the same hash tag {ns}). A username is claimed with
// SET NX inside the script that writes the user, so it is taken once; a session is a key with a TTL, so it ends by
// itself when it expires and at once everywhere when deleted.
import type { Redis } from 'ioredis';
import type { AccountStore, OpenSession, SessionRecord, UserRecord } from './store';

interface ScriptedRedis extends Redis {
  accountsCreateUser(...args: string[]): Promise<number>;
}

/** KEYS: username key, user key. ARGV: id, username, passwordHash, createdAt. Returns 1 when created. */
const CREATE_USER = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
redis.call('HSET', KEYS[2], 'id', ARGV[1], 'username', ARGV[2], 'passwordHash', ARGV[3], 'createdAt', ARGV[4])
return 1
`;

export const accountKeys = (namespace: string) => {
  const tag = `{${namespace}}`;
  return {
    username: (username: string) => `${tag}:username:${username}`,
    user: (id: string) => `${tag}:user:${id}`,
    session: (id: string) => `${tag}:session:${id}`,
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
    const ttl = s.expiresAt.getTime() - Date.now();
    if (ttl <= 0) return;
    await this.redis.set(
      this.keys.session(s.id),
      JSON.stringify({ userId: s.userId, username: s.username }),
      'PX',
      ttl,
    );
  }

  async session(sessionId: string, now = new Date()): Promise<OpenSession | null> {
    const key = this.keys.session(sessionId);
    // One round trip: the value and how long it has left (Redis drops it when that runs out).
    const replies = await this.redis.pipeline().get(key).pttl(key).exec();
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
