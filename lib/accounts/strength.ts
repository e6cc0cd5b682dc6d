// Password strength with zxcvbn-ts (common-password, dictionary, keyboard-pattern, repeat and sequence matchers): a
// new password must score at least MIN_SCORE of 4 ("safely unguessable" against throttled online guessing), and the
// refusal says why in words a person can act on. zxcvbn can take most of a second of CPU on a long, patterned
// password, so it runs in a worker thread of its own, one check at a time, in the same lane as password hashing
// (passwordWork): the event loop never waits for it, and a flood is turned away like a flood of hashes.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { passwordWork } from './passwords';

export const MIN_SCORE = 3;

const CHECKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { ZxcvbnFactory } = require(workerData.core);
const common = require(workerData.common);
const en = require(workerData.en);
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
  translations: en.translations,
});
parentPort.on('message', ({ id, password, inputs }) => {
  try {
    const r = zxcvbn.check(password, inputs);
    parentPort.postMessage({ id, score: r.score, warning: r.feedback.warning, suggestion: r.feedback.suggestions[0] });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});`;

interface Answer {
  id: number;
  score?: number;
  warning?: string | null;
  suggestion?: string;
  error?: string;
}

// One checker per process, however many copies of this module a bundler makes.
const KEY = Symbol.for('orderly.password-strength');
const shared = globalThis as { [KEY]?: { worker: Worker; next: number; waiting: Map<number, (a: Answer) => void> } };

function checker() {
  const existing = shared[KEY];
  if (existing) return existing;
  // Resolved from the app's root, where its node_modules are (this module may run from Next's build output).
  const resolve = createRequire(join(process.cwd(), 'package.json')).resolve;
  const worker = new Worker(CHECKER, {
    eval: true,
    workerData: {
      core: resolve('@zxcvbn-ts/core'),
      common: resolve('@zxcvbn-ts/language-common'),
      en: resolve('@zxcvbn-ts/language-en'),
    },
  });
  worker.unref();
  const state = { worker, next: 0, waiting: new Map<number, (a: Answer) => void>() };
  worker.on('message', (a: Answer) => {
    state.waiting.get(a.id)?.(a);
    state.waiting.delete(a.id);
  });
  const fail = (error: unknown) => {
    for (const answer of state.waiting.values()) answer({ id: -1, error: String(error) });
    state.waiting.clear();
    if (shared[KEY] === state) delete shared[KEY]; // the next check starts a new worker
  };
  worker.on('error', fail);
  worker.on('exit', fail);
  shared[KEY] = state;
  return state;
}

function check(password: string, inputs: string[]): Promise<Answer> {
  const c = checker();
  const id = ++c.next;
  return new Promise((resolve) => {
    c.waiting.set(id, resolve);
    c.worker.postMessage({ id, password, inputs });
  });
}

/**
 * Whether `password` is strong enough for an account named `username` (a password made of the username is weak).
 * Resolves to null when it is, or to the reason it is not (one sentence, with a suggestion). Throws
 * HashingBusyError when too much password work waits, and an Error when the checker failed.
 */
export async function weakPasswordReason(password: string, username?: string): Promise<string | null> {
  const r = await passwordWork(() => check(password, username ? [username] : []));
  if (r.error !== undefined || r.score === undefined) throw new Error(`password strength check failed: ${r.error}`);
  if (r.score >= MIN_SCORE) return null;
  const why = r.warning ?? 'This password is easy to guess.';
  const how = r.suggestion ?? 'Use a few uncommon words together.';
  return `too easy to guess: ${why.replace(/\.$/, '')}. ${how}`;
}
