// Structured logs (pino): JSON lines, or readable lines when a person watches the terminal.
import { pino } from 'pino';
import pretty from 'pino-pretty';

export type Logger = pino.Logger;

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const options = { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  if (process.stdout.isTTY && process.env.LOG_FORMAT !== 'json') {
    // Synchronous, in-process pretty printing: no worker thread, and a fatal line is written before exit.
    return pino(options, pretty({ sync: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' }));
  }
  return pino(options, pino.destination({ sync: true }));
}
