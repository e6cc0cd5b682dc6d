// Users, sessions and secrets as records in the store of record: one interface, two adapters (Redis, and the
// embedded SQLite store's file), one contract suite (contract.ts). Records, not events: a password hash must be
// replaceable and forgettable, and a session must expire; neither belongs in an immutable log. What must be atomic
// across nodes is: a username is taken once (createUser), and a session ends everywhere at once (endSession,
// endSessionsOf).

export interface UserRecord {
  /** Made at sign-up and never reused: what orders name as their customer. */
  id: string;
  /** Lower-case, unique. */
  username: string;
  /** scrypt$N$r$p$salt$hash. */
  passwordHash: string;
  /** ISO-8601 UTC. */
  createdAt: string;
}

export interface SessionRecord {
  /** Random, 32 bytes, base64url: what the signed cookie carries. */
  id: string;
  userId: string;
  username: string;
  expiresAt: Date;
}

export interface OpenSession {
  userId: string;
  username: string;
  expiresAt: Date;
}

export interface AccountStore {
  readonly kind: 'redis' | 'sqlite';
  /** Creates the user unless the username is taken; atomic, so of racing sign-ups on any nodes one wins. */
  createUser(user: UserRecord): Promise<'created' | 'taken'>;
  /** The user with this username, or null. */
  userByName(username: string): Promise<UserRecord | null>;
  /** Opens (or, with the same id, replaces) a session until `expiresAt`. */
  openSession(session: SessionRecord): Promise<void>;
  /** Whose session this is and until when, while it is open and not expired at `now`; null otherwise. */
  session(sessionId: string, now?: Date): Promise<OpenSession | null>;
  /** Ends the session: from this moment every node refuses it. */
  endSession(sessionId: string): Promise<void>;
  /**
   * Ends every open session of the user but `keepSessionId`, at once (a session opened at the same moment is either
   * ended or opened after). Returns the ids it ended.
   */
  endSessionsOf(userId: string, keepSessionId?: string): Promise<string[]>;
  /** Replaces the user's password hash (the user exists). */
  setPasswordHash(userId: string, passwordHash: string): Promise<void>;
  /** The value kept under `name`, made with `make` (once, whoever asks first) when there is none. */
  secret(name: string, make: () => string): Promise<string>;
  close(): Promise<void>;
}
