// The one place that reads process.env: every setting, its default, and a clear error for a bad value. Default
// URLs, namespaces and paths are written here and nowhere else.
import { hostname } from 'node:os';
import { z } from 'zod';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_NAMESPACE = 'orderly';
export const DEFAULT_DATA_DIR = './data';

const blankAsUnset = (v: unknown) => (v === '' ? undefined : v);

const schema = z.object({
  NODE_ENV: z.preprocess(blankAsUnset, z.enum(['development', 'production', 'test']).default('development')),
  PORT: z.preprocess(blankAsUnset, z.coerce.number().int().min(1).max(65535).default(3000)),
  DATA_DIR: z.preprocess(blankAsUnset, z.string().default(DEFAULT_DATA_DIR)),
  EVENT_STORE: z.preprocess(blankAsUnset, z.enum(['auto', 'redis', 'sqlite']).default('auto')),
  REDIS_URL: z.preprocess(
    blankAsUnset,
    z
      .string()
      .regex(/^rediss?:\/\/\S+$/, 'must look like redis://host:port')
      .optional(),
  ),
  REDIS_NAMESPACE: z.preprocess(
    blankAsUnset,
    z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 of A-Z a-z 0-9 _ . : -')
      .default(DEFAULT_NAMESPACE),
  ),
  EVENT_STORE_PATH: z.preprocess(blankAsUnset, z.string().optional()),
  /** The embedded store's SQLite `synchronous`: 'full' loses nothing acknowledged on a power failure (README). */
  EVENT_STORE_SYNC: z.preprocess(blankAsUnset, z.enum(['normal', 'full']).default('full')),
  /** Run the projector inside the web server ('on'), or leave it to `npm run projector` ('off'). */
  PROJECTOR: z.preprocess(blankAsUnset, z.enum(['on', 'off']).default('on')),
  /** `on`: process managers (stock reservations) run inside the web server; `off`: run `npm run processes`. */
  PROCESSES: z.preprocess(blankAsUnset, z.enum(['on', 'off']).default('on')),
  /** How long a process manager's lease lasts unless renewed (renewed every third of it): how soon another takes over. */
  PROCESS_LEASE_TTL_MS: z.preprocess(blankAsUnset, z.coerce.number().int().min(300).max(600_000).default(10_000)),
  PROJECTION_DELAY_MS: z.preprocess(blankAsUnset, z.coerce.number().int().min(0).max(60_000).default(0)),
  PROJECTOR_LEASE_TTL_MS: z.preprocess(blankAsUnset, z.coerce.number().int().min(100).max(600_000).default(10_000)),
  PROJECTOR_MAX_BATCH: z.preprocess(blankAsUnset, z.coerce.number().int().min(1).max(10_000).default(500)),
  /** `npm run projector` answers `GET /metrics` (METRICS_TOKEN's rule) on this port; unset, it listens on none. */
  PROJECTOR_METRICS_PORT: z.preprocess(blankAsUnset, z.coerce.number().int().min(1).max(65535).optional()),
  /** Usernames (comma-separated) who may read and act on every order. */
  STAFF_USERS: z.preprocess(
    blankAsUnset,
    z
      .string()
      .default('')
      .transform(
        (v) =>
          new Set(
            v
              .split(',')
              .map((u) => u.trim())
              .filter(Boolean),
          ),
      ),
  ),
  /** Signs session cookies; when unset, a random one is made once in the store of record (shared by every node). */
  SESSION_SECRET: z.preprocess(blankAsUnset, z.string().min(32, 'must be at least 32 characters').optional()),
  /**
   * Origins (scheme://host[:port], comma-separated) besides the app's own that may send state-changing requests
   * (a separate front end, say). The app's own origin is always allowed.
   */
  ALLOWED_ORIGINS: z.preprocess(
    blankAsUnset,
    z
      .string()
      .default('')
      .transform((v, ctx) => {
        const origins = new Set<string>();
        for (const raw of v
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean)) {
          try {
            const u = new URL(raw);
            if (u.origin !== raw.replace(/\/$/, '')) throw new Error();
            origins.add(u.origin);
          } catch {
            ctx.addIssue({ code: 'custom', message: `"${raw}" is not an origin like https://shop.example.com` });
          }
        }
        return origins;
      }),
  ),
  /**
   * Whether a proxy in front (nginx) is trusted for X-Forwarded-For (the client's address, for throttling) and
   * X-Forwarded-Proto/-Host (HTTPS, the app's own origin). Off: those headers are ignored.
   */
  TRUST_PROXY: z.preprocess(
    blankAsUnset,
    z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
  ),
  /**
   * Sign-in, sign-up and password-change attempts a client address may make per minute, on all nodes together
   * (default 30). Raise it when many people share one address (an office behind one NAT, a proxy without
   * TRUST_PROXY).
   */
  SIGNIN_ATTEMPTS_PER_ADDRESS: z.preprocess(blankAsUnset, z.coerce.number().int().min(1).max(1_000_000).default(30)),
  /** Commands each user may send per second, on all nodes together (default 30; see COMMAND_BURST). */
  COMMANDS_PER_SECOND: z.preprocess(blankAsUnset, z.coerce.number().int().min(1).max(1_000_000).default(30)),
  /** Commands a user may send beyond COMMANDS_PER_SECOND within two seconds (default 50). */
  COMMAND_BURST: z.preprocess(blankAsUnset, z.coerce.number().int().min(0).max(1_000_000).default(50)),
  /** How long a session lasts, in seconds (default 7 days); it ends earlier when its user signs out. */
  SESSION_TTL_S: z.preprocess(
    blankAsUnset,
    z.coerce
      .number()
      .int()
      .min(1)
      .max(366 * 24 * 3600)
      .default(7 * 24 * 3600),
  ),
  SNAPSHOT_EVERY: z.preprocess(blankAsUnset, z.coerce.number().int().min(0).max(100_000).default(50)),
  /** Unset: each entry point's own default (the server: info; the CLIs: warn). */
  LOG_LEVEL: z.preprocess(
    blankAsUnset,
    z.enum(['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace']).optional(),
  ),
  /** `json`: JSON lines; `pretty`: readable lines; unset: pretty on a terminal, JSON otherwise. */
  LOG_FORMAT: z.preprocess(blankAsUnset, z.enum(['json', 'pretty']).optional()),
  /** This node's name in metrics, logs, traces and the system page (default: host name and port). */
  NODE_ID: z.preprocess(
    blankAsUnset,
    z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 of A-Z a-z 0-9 _ . : -')
      .optional(),
  ),
  /** `GET /metrics` answers only `Authorization: Bearer <this>`; unset, /metrics is a 404 for everyone. */
  METRICS_TOKEN: z.preprocess(
    blankAsUnset,
    z
      .string()
      .min(16, 'must be at least 16 characters')
      .regex(/^\S+$/, 'must not contain spaces (a header cannot carry them at its end)')
      .optional(),
  ),
  /** OpenTelemetry's standard variables: an OTLP/HTTP endpoint turns traces on (the exporter reads the rest). */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(blankAsUnset, z.url('must be a URL like http://collector:4318').optional()),
  OTEL_TRACES_EXPORTER: z.preprocess(blankAsUnset, z.enum(['otlp', 'console', 'none']).optional()),
  OTEL_SERVICE_NAME: z.preprocess(blankAsUnset, z.string().min(1).max(100).default('orderly')),
});

export type Env = z.infer<typeof schema> & { eventStorePath: string; appDbPath: string; nodeId: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * The configuration from `source` (default: process.env), defaults filled in and paths derived. Throws ConfigError
 * naming every bad variable.
 */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const dir = env.DATA_DIR.replace(/\/+$/, '');
  return {
    ...env,
    eventStorePath: env.EVENT_STORE_PATH ?? `${dir}/events.sqlite`,
    appDbPath: `${dir}/app.sqlite`,
    nodeId: env.NODE_ID ?? `${hostname()}:${env.PORT}`,
  };
}
