// Structured logs (pino): JSON lines, or readable lines when a person watches the terminal. Built from the validated
// configuration (LOG_LEVEL, LOG_FORMAT), never from process.env directly. A line written while a request is served
// names its requestId, and the correlationId of the command it issued once there is one (lib/observability/context).
// Errors are also kept, the latest few, for the staff system page.
import { pino } from 'pino';
import pretty from 'pino-pretty';
import type { Env } from './env';
import { requestContext } from './observability/context';

export type Logger = pino.Logger;

/** A logged error, as the system page lists it. */
export interface LoggedError {
  /** ISO-8601 UTC. */
  at: string;
  level: 'error' | 'fatal';
  message: string;
  /** The error's own message, when one was logged with it. */
  error?: string;
  requestId?: string;
  correlationId?: string;
  /** How many times this same error was logged (the latest's time, request and correlation are kept). */
  count: number;
}

/** How many logged errors a process keeps for the system page. */
export const RECENT_ERRORS = 50;

/**
 * A logger at `LOG_LEVEL` (default info), pretty when `LOG_FORMAT` says so or (unset) when stdout is a terminal.
 * `recentErrors` (optional) receives the latest errors it logs (at most RECENT_ERRORS, newest last).
 */
export function createLogger(
  config: Partial<Pick<Env, 'LOG_LEVEL' | 'LOG_FORMAT'>> = {},
  recentErrors?: LoggedError[],
  /** Where JSON lines go instead of stdout (tests). */
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level: config.LOG_LEVEL ?? 'info',
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin() {
      const ctx = requestContext();
      if (!ctx) return {};
      return ctx.correlationId
        ? { requestId: ctx.requestId, correlationId: ctx.correlationId }
        : { requestId: ctx.requestId };
    },
    ...(recentErrors && {
      hooks: {
        logMethod(args, method, level) {
          if (level >= 50) keep(recentErrors, args as unknown[], level);
          return method.apply(this, args as Parameters<typeof method>);
        },
      },
    }),
  };
  if (destination) return pino(options, destination);
  const format = config.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json');
  if (format === 'pretty') {
    // Synchronous, in-process pretty printing: no worker thread, and a fatal line is written before exit.
    return pino(options, pretty({ sync: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' }));
  }
  return pino(options, pino.destination({ sync: true }));
}

function keep(into: LoggedError[], args: unknown[], level: number): void {
  const [first, second] = args;
  const object = typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : null;
  const message = String((object ? second : first) ?? '');
  const err = object?.err;
  const ctx = requestContext();
  const entry: LoggedError = {
    at: new Date().toISOString(),
    level: level >= 60 ? 'fatal' : 'error',
    message: message.slice(0, 500),
    ...(err instanceof Error ? { error: err.message.slice(0, 500) } : {}),
    ...(ctx ? { requestId: ctx.requestId, correlationId: ctx.correlationId } : {}),
    count: 1,
  };
  // The same error again is counted, not listed again: a flood of one kind cannot push the others out.
  const same = into.findIndex((e) => e.message === entry.message && e.error === entry.error && e.level === entry.level);
  if (same >= 0) entry.count += into.splice(same, 1)[0]!.count;
  into.push(entry);
  if (into.length > RECENT_ERRORS) into.splice(0, into.length - RECENT_ERRORS);
}
