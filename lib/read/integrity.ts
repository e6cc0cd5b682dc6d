// The read model is disposable: a file that is unreadable or fails SQLite's integrity check at start is moved aside
// (never deleted: an old data dir's file may still hold what an upgrade moves out of it) and rebuilt from the log.
// The check (PRAGMA quick_check) runs in a worker thread, so a huge file cannot hold the start up for longer than
// the time allowed: then the check is skipped, and the log says so.
import { existsSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log';

export type ReadModelCheck =
  | { outcome: 'absent' }
  | { outcome: 'ok' }
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'moved'; reason: string; movedTo: string };

const CHECK = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.path, { fileMustExist: true });
  const rows = db.pragma('quick_check(10)');
  const ok = rows.length === 1 && rows[0].quick_check === 'ok';
  parentPort.postMessage({ ok, detail: rows.map((r) => r.quick_check).join('; ') });
} catch (error) {
  parentPort.postMessage({ ok: false, detail: String((error && error.message) || error) });
} finally {
  try { if (db) db.close(); } catch {}
}`;

/** Runs PRAGMA quick_check on `path` in a worker; null when it did not finish within `timeoutMs`. */
function quickCheck(path: string, timeoutMs: number): Promise<{ ok: boolean; detail: string } | null> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(CHECK, { eval: true, workerData: { path, driver } });
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve(null);
    }, timeoutMs);
    worker.once('message', (m: { ok: boolean; detail: string }) => {
      clearTimeout(timer);
      resolve(m);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, detail: error.message });
    });
  });
}

/**
 * Checks the read-model file at `path` before it is opened (call it before openAppDb). A file that cannot be read
 * as a database or fails quick_check is moved aside with its -wal and -shm, to `<path>.corrupt-<time>`, and the
 * caller opens a new, empty read model (the projector then rebuilds it from the log). Returns what happened; logs
 * a move at error level, a skipped check at warn.
 */
export async function checkReadModelFile(
  path: string,
  log: Logger,
  { timeoutMs = 5000 }: { timeoutMs?: number } = {},
): Promise<ReadModelCheck> {
  if (path === ':memory:' || !existsSync(path)) return { outcome: 'absent' };
  const result = await quickCheck(path, timeoutMs);
  if (result === null) {
    const reason = `quick_check did not finish within ${timeoutMs} ms`;
    log.warn(`read model ${path}: integrity not checked (${reason}); opening it as it is`);
    return { outcome: 'skipped', reason };
  }
  if (result.ok) return { outcome: 'ok' };
  const movedTo = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, movedTo + suffix);
  }
  log.error(
    `read model ${path} is damaged (${result.detail.slice(0, 300)}): moved aside to ${movedTo}; ` +
      'rebuilding it from the log (the app answers "catching up" until it is done). If it came from release 0.1.0, ' +
      'its users and sessions were not moved into the store of record: they are in the file moved aside',
  );
  return { outcome: 'moved', reason: result.detail, movedTo };
}
