// Structured logs (pino): JSON lines, or readable lines when a person watches the terminal. Built from the validated
// configuration (LOG_LEVEL, LOG_FORMAT), never from process.env directly.
import { pino } from 'pino';
import pretty from 'pino-pretty';
import type { Env } from './env';

export type Logger = pino.Logger;

/** A logger at `LOG_LEVEL` (default info), pretty when `LOG_FORMAT` says so or (unset) when stdout is a terminal. */
export function createLogger(config: Partial<Pick<Env, 'LOG_LEVEL' | 'LOG_FORMAT'>> = {}): Logger {
  const options = { level: config.LOG_LEVEL ?? 'info', base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  const format = config.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json');
  if (format === 'pretty') {
    // Synchronous, in-process pretty printing: no worker thread, and a fatal line is written before exit.
    return pino(options, pretty({ sync: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' }));
  }
  return pino(options, pino.destination({ sync: true }));
}
